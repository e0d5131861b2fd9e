"""Contact block (联系方式): one case per pattern of nlp/data/contact.yaml."""

from __future__ import annotations

import pytest

from nlp.contact import extract_contact


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("联系电话:0754-88562041", "phone", ["0754-88562041"]),
        ("举报电话:12388", "phone", ["12388"]),
        ("电话:13812345678", "phone", ["13812345678"]),
        ("监督电话 (020)83001234", "phone", ["(020)83001234"]),
        ("电子邮箱:xunchazhenggai@163.com;", "email", ["xunchazhenggai@163.com"]),
        ("邮政信箱:汕头市长平路78号(汕头市民政局收);", "address", "汕头市长平路78号(汕头市民政局收)"),
        ("通信地址:云溪县滨江路8号。", "address", "云溪县滨江路8号"),
        ("邮政编码:515031。", "postcode", "515031"),
        ("邮编 414000", "postcode", "414000"),
    ],
)
def test_contact_fields(text: str, field: str, expected: object) -> None:
    assert getattr(extract_contact(text), field) == expected


def test_no_contact_block() -> None:
    contact = extract_contact("现将整改情况公布如下。")
    assert (contact.phone, contact.email, contact.address, contact.postcode) == ([], [], None, None)


def test_offsets_are_respected() -> None:
    text = "电话:0754-1111111\n正文……\n联系电话:0754-2222222"
    assert extract_contact(text, start=15).phone == ["0754-2222222"]
