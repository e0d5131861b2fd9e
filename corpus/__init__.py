"""The bundled corpus (语料), installed as the package ``nlp.corpus``: see ``nlp.datasets.load``."""
