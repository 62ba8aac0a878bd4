"""metrology-spider: a Scrapy project that archives 中国计量网 (www.chinajl.com.cn)."""

__version__ = "0.1.0"
