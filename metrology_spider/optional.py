"""Scrapy's extensions that the project turns off, imported only when a setting turns them on.

Scrapy imports the module of every extension in ``EXTENSIONS_BASE`` before the
extension's own check of its setting, so an extension that is off still costs its
imports. Scrapy 2.19's remote control (``scrapy.extensions.remote_control``) imports
aiohttp and its dependencies at the top of its module: 10 MB of memory and 0.1 s of
start-up in every crawl, for a server the project never starts
(``REMOTE_CONTROL_ENABLED = False``: a cron job needs no listening port). The settings
take Scrapy's two off-by-default servers out of ``EXTENSIONS`` and put these stand-ins
in their place: each makes Scrapy's own extension, from its module imported then, only
when its setting is on (``-s REMOTE_CONTROL_ENABLED=True``, ``-s
TELNETCONSOLE_ENABLED=True``), so both work as Scrapy's documentation says.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object


class _WhenEnabled:
    """Scrapy's extension ``extension``, made only when the setting ``setting`` is on."""

    extension: str
    setting: str

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool(cls.setting):
            raise NotConfigured  # (off, as by default: no WARNING that it is disabled, in every run)
        return build_from_crawler(load_object(cls.extension), crawler)


class RemoteControl(_WhenEnabled):
    extension = "scrapy.extensions.remote_control.RemoteControl"
    setting = "REMOTE_CONTROL_ENABLED"


class TelnetConsole(_WhenEnabled):
    extension = "scrapy.extensions.telnet.TelnetConsole"
    setting = "TELNETCONSOLE_ENABLED"
