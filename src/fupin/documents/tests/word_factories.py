"""A campaign with everything a 实施方案 shows, built through the services as an office would."""

import io

import docx

from fupin.campaigns.services import campaigns as campaign_services


def full_campaign(by, tree, *, publish: bool = True):
    """The city's campaign: theme, ideas, three items with units, four requirements, two contacts."""
    campaign = campaign_services.create_campaign(
        by=by,
        unit=tree.city,
        year=2026,
        title="清河市教育系统2026年扶贫日活动实施方案",
        theme="携手消除贫困 共建美好家园",
        slogan="扶贫济困 你我同行",
        guiding_ideas="深入贯彻落实教育扶贫工作部署。\n动员全系统师生广泛参与。",
        principles="坚持自愿原则,不搞摊派。",
    )
    add = campaign_services.add_item
    add(
        by=by,
        campaign=campaign,
        title="开展集中宣传活动",
        kind="publicity",
        description="利用校园广播、宣传栏开展宣传。",
        lead_units=[tree.department],
        responsible_units=[tree.county1, tree.county2],
    )
    add(by=by, campaign=campaign, title="开展国情教育", kind="national_conditions_education", lead_units=[tree.county1])
    add(by=by, campaign=campaign, title="开展结对帮扶走访", kind="pairing_visit", responsible_units=[tree.school1])
    req = campaign_services.add_requirement
    req(by=by, campaign=campaign, kind="plan", title="活动方案", due_text="10月12日下午三点前", unit_kinds=["school"])
    req(
        by=by,
        campaign=campaign,
        kind="photos",
        title="活动照片",
        due_text="10月19日前",
        unit_kinds=["school"],
        photo_min_count=4,
        photo_min_megapixels=3,
        caption_required=True,
    )
    req(by=by, campaign=campaign, kind="summary", title="活动总结", due_text="10月底前", unit_kinds=["school"])
    campaign_services.add_contact(
        by=by, campaign=campaign, name="王明", phone="0510-12345678", email="fpb@example.cn", note="活动方案、总结"
    )
    campaign_services.add_contact(by=by, campaign=campaign, name="李华", phone="13800000000")
    if publish:
        campaign_services.publish_campaign(by=by, campaign=campaign)
    return campaign


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(document, style: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def east_asian_font(style) -> str:
    """The w:eastAsia font a paragraph style names."""
    from docx.oxml.ns import qn

    return style.element.rPr.rFonts.get(qn("w:eastAsia"))
