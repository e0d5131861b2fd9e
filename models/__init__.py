"""Trained classifier models (训练所得模型), installed as the package ``nlp.models``."""
