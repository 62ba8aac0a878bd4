"""The spider's callbacks are checked here once, not by Scrapy on every response.

The project turns ``WARN_ON_GENERATOR_RETURN_VALUE`` off (it re-read each
callback's source on every response: 10-15% of the crawl's CPU), so the check it
made, that no callback is a generator which returns a value (whose value Scrapy
would silently drop), is made here on every callback the spider hands to a Request.
"""

import ast
import inspect

from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings

from metrology_spider.spiders import metrology
from metrology_spider.spiders.metrology import MetrologySpider


def _callbacks() -> set[str]:
    """Names of the spider's methods passed as ``callback=`` or ``errback=``."""
    tree = ast.parse(inspect.getsource(metrology))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("callback", "errback"):
            if isinstance(node.value, ast.Attribute):
                names.add(node.value.attr)
    return names | {"parse"}


def test_the_runtime_check_is_off_in_the_project():
    assert get_project_settings().getbool("WARN_ON_GENERATOR_RETURN_VALUE") is False


def test_every_callback_is_found():
    assert {"parse_listing", "parse_article", "article_failed"} <= _callbacks()


def test_no_callback_is_a_generator_returning_a_value():
    for name in sorted(_callbacks()):
        method = getattr(MetrologySpider, name)
        assert not is_generator_with_return_value(method), (
            f"MetrologySpider.{name} is a generator with `return <value>`: Scrapy drops the value"
        )
