"""Entity extraction (实体抽取): dates, money, document titles and quantities.

>>> [m.value for m in extract_dates("2023年1月11日")]
['2023-01-11']
"""

from nlp.extract.dates import DateContext, extract_dates
from nlp.extract.money import extract_money
from nlp.extract.quantities import extract_quantities
from nlp.extract.titles import extract_titles

__all__ = ["DateContext", "extract_dates", "extract_money", "extract_quantities", "extract_titles"]
