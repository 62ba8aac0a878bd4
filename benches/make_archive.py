"""Generate a large archive in the record's shape, for the benches.

    python benches/make_archive.py FOLDER [N]   (default 100000)

Records as the spider writes them (keys in order, UTF-8, one line each), over 20
run files: random titles and bodies from a vocabulary of Chinese words (Zipf-like), dates
from 2002 to 2026, four categories, about 80 % with an author, 30 % with a time;
1 % of the articles also come from a mirror host, 0.5 % end with a gone record.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

WORDS = (
    "计量 检定 校准 测量 仪器 器具 标准 质量 监督 管理 技术 市场 企业 部门 工作 国家 地方 开展 加强 推进 "
    "能力 建设 服务 发展 规范 制度 法规 条例 办法 要求 实施 检查 抽查 结果 问题 分析 数据 准确 可靠 溯源 "
    "量值 传递 单位 基准 砝码 天平 温度 压力 流量 长度 时间 频率 电能 电表 水表 燃气 加油机 出租车 计价器 "
    "血压计 心电图 医疗 卫生 安全 环境 监测 能源 节能 降耗 产品 型式 批准 评价 认证 认可 实验室 机构 人员 "
    "培训 考核 注册 计量师 比对 不确定度 误差 修正 精度 稳定性 重复性 复现 固定点 激光 干涉仪 卫星 导航 定位 "
    "北斗 传感器 智能 数字化 信息化 平台 系统 网络 在线 远程 自动 研究 创新 成果 论文 会议 座谈 部署 通知 "
    "公告 发布 启动 仪式 活动 宣传 周年 纪念 历史 文化 博物馆 度量衡 秦代 统一 铜卡尺 米制 公约 世界 日 "
    "国际 合作 交流 协议 贸易 结算 消费者 权益 投诉 举报 执法 处罚 违法 行为 整改 落实 责任 目标 任务 "
    "全国 省 市 县 区 局 中心 研究院 大学 学院 专家 教授 工程师 领导 局长 主任 代表 群众 社会 经济 "
    "提升 保障 促进 推动 完善 健全 强化 深化 创建 示范 城市 乡村 农贸 集贸 商品 包装 净含量 眼镜 加油站"
).split()
# More words, as real text has: pairs of common characters, drawn with Zipf-like
# weights after the metrology words above (so a rare word matches few articles).
CHARACTERS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研"
)
PAIRS = sorted({a + b for a in CHARACTERS[:60] for b in CHARACTERS[60:140]})
VOCABULARY = WORDS + PAIRS[::2]
CUMULATIVE = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(VOCABULARY))))
CATEGORIES = [
    ("jiliangyuzhiliang", ["新闻", "计量与质量"]),
    ("celiangjishu", ["技术", "计量测试技术"]),
    ("jiliangwenhuayanjiu", ["文化", "计量文化研究"]),
    ("jiliangfagui", ["法规", "计量法规"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国晓红宁川"
SOURCES = ["中国计量网", "国家市场监管总局", "计量测试技术", "中国计量", "计量博物馆", "省质监局", None]
PORTAL, MIRROR = "www.chinajl.com.cn", "mirror.chinajl.example"


def sentence(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(low, high)))


def record(rng: random.Random, ident: int, crawled: datetime, host: str = PORTAL) -> dict:
    slug, category = CATEGORIES[ident % len(CATEGORIES)]
    day = date(2002, 1, 1) + timedelta(days=rng.randrange(365 * 25))
    published = (
        f"{day.isoformat()}T{rng.randrange(8, 19):02d}:{rng.randrange(60):02d}:00+08:00"
        if rng.random() < 0.3
        else None
    )
    return {
        "url": f"http://{host}/{slug}/{ident}.html",
        "id": ident,
        "category": category,
        "title": sentence(rng, 3, 8),
        "date": day.isoformat(),
        "published_at": published,
        "author": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))) if rng.random() < 0.8 else None,
        "source": rng.choice(SOURCES),
        "views": rng.randrange(50, 20000),
        "paragraphs": [sentence(rng, 15, 45) + "。" for _ in range(rng.randint(3, 8))],
        "crawled_at": crawled.isoformat().replace("+00:00", "Z"),
        "warc": {"file": f"{crawled:%Y%m%dT%H%M%SZ}-00000.warc.gz", "record_id": f"<urn:uuid:00000000-0000-4000-8000-{ident:012d}>", "offset": ident * 4000},
        "gone_at": None,
    }  # fmt: skip


def make_archive(folder: Path, total: int = 100_000, files: int = 20, seed: int = 12) -> Path:
    """Write ``total`` records into ``folder/articles/`` over ``files`` run files."""
    rng = random.Random(seed)
    articles = Path(folder) / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    per_file = -(-total // files)
    ident = 0
    for run in range(files):
        crawled = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=30 * run)
        lines = []
        for _ in range(min(per_file, total - ident)):
            r = record(rng, 100_000 + ident, crawled)
            if rng.random() < 0.01:  # the same article seen on a mirror too
                lines += [r, {**r, "url": r["url"].replace(PORTAL, MIRROR)}]
                ident += 1
                continue
            if rng.random() < 0.005:  # an article that will be gone
                gone = {k: None for k in r} | {
                    "url": r["url"],
                    "id": r["id"],
                    "category": [],
                    "paragraphs": [],
                }
                gone["crawled_at"] = gone["gone_at"] = (
                    (crawled + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
                )
                lines += [r, gone]
                ident += 1
                continue
            lines.append(r)
            ident += 1
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        (articles / f"{crawled:%Y%m%dT%H%M%SZ}.jsonl").write_text(text, encoding="utf-8")
    return Path(folder)


if __name__ == "__main__":
    make_archive(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
