"""The contact block (联系方式): phone numbers, email, postal address and postcode.

>>> block = "电话:0754-88562041电子邮箱:abc@163.com;邮政信箱:汕头市长平路78号;邮政编码:515031。"
>>> contact = extract_contact(block)
>>> contact.phone, contact.email, contact.address, contact.postcode
(['0754-88562041'], ['abc@163.com'], '汕头市长平路78号', '515031')
"""

from __future__ import annotations

import functools
import re

from nlp.normalize import shadow as make_shadow
from nlp.tables import load_table
from nlp.types import Contact


@functools.cache
def _patterns() -> dict[str, re.Pattern]:
    raw = load_table("contact")
    return {key: re.compile(value) for key, value in raw.items()}


def extract_contact(text: str, start: int = 0, shadow: str | None = None) -> Contact:
    """Read the contact details stated from ``start`` on (usually the closing block)."""
    shadow = make_shadow(text) if shadow is None else shadow
    pats = _patterns()

    def values(key: str) -> list[str]:
        found = [text[m.start("value") : m.end("value")].strip() for m in pats[key].finditer(shadow, start)]
        return list(dict.fromkeys(found))

    addresses, postcodes = values("address"), values("postcode")
    return Contact(
        phone=values("phone"),
        email=values("email"),
        address=addresses[0] if addresses else None,
        postcode=postcodes[0] if postcodes else None,
    )
