"""The record's JSON Schema: shipped in the package, true of every record the
spider writes, and the same field list as the README's table."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources

import pytest

from tests.conftest import REPO, exported, page_cases

jsonschema = pytest.importorskip("jsonschema")


def schema() -> dict:
    return json.loads(resources.files("metrology_spider").joinpath("schema.json").read_text(encoding="utf-8"))


def validator():
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema())
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


def readme_record_keys() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The record", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.M)


def test_schema_fields_are_the_readme_table_and_the_record():
    from dataclasses import fields

    from metrology_spider.items import Article

    keys = list(schema()["properties"])
    assert keys == readme_record_keys()
    assert keys == [f.name for f in fields(Article)]
    assert schema()["required"] == keys


def test_schema_is_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "schema.json" in config["tool"]["setuptools"]["package-data"]["metrology_spider"]


def test_every_record_of_the_sample_crawl_is_valid(sample_archive):
    check = validator()
    lines = [
        line
        for f in sorted((sample_archive / "articles").glob("*.jsonl"))
        for line in f.open(encoding="utf-8")
    ]
    assert len(lines) == 32
    for line in lines:
        check.validate(json.loads(line))


def test_every_expected_fixture_record_is_valid():
    check = validator()
    records = [json.loads(page.with_suffix(".json").read_text(encoding="utf-8")) for page, _ in page_cases()]
    records = [r for r in records if r]  # an empty expectation: the page gives no record
    assert len(records) > 10
    for record in records:
        # Expectations leave out the fetch; give them one as the spider would.
        record = {**record, "crawled_at": "2026-11-24T18:54:16Z", "warc": None, "gone_at": None}
        check.validate(record)


def test_gone_record_is_valid_and_an_empty_article_is_not():
    from datetime import UTC, datetime

    from metrology_spider.items import Article

    check = validator()
    when = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    gone = exported(Article(url="http://www.chinajl.com.cn/a/1.html", id=1, crawled_at=when, gone_at=when))
    check.validate(gone)
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**gone, "gone_at": None})  # no title, date or body, and not gone
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**gone, "extra": 1})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**gone, "published_at": "2017-09-28T10:31:00Z"})  # Beijing time says +08:00
