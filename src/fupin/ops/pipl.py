"""The PIPL data map (《个人信息保护法》): every field holding a person's data, why it is kept, who sees it and
for how long. `fupin pipl map` prints it as the table in deploy/PIPL.md, and a test keeps the two equal and
checks that every field named here exists and that no field named like personal data is missing."""

from dataclasses import dataclass

from django.apps import apps

OFFICE = "本单位及上级的办公室管理员"
SCOPED_STAFF = "本单位及上级有相应角色的工作人员(按单位范围)"


@dataclass(frozen=True)
class PersonalData:
    model: str  # app_label.ModelName
    fields: tuple[str, ...]
    purpose: str
    who_sees: str
    retention: str


DATA_MAP: tuple[PersonalData, ...] = (
    PersonalData(
        "orgs.User",
        ("username", "name", "first_name", "last_name", "phone", "email", "last_login"),
        "登录、提醒、问责",
        f"本人;{OFFICE}",
        "账号存续期间;停用后随审计日志至少保存 6 个月",
    ),
    PersonalData(
        "orgs.Unit",
        ("contact_person", "contact_phone", "contact_email"),
        "工作联系",
        "登录的工作人员(按单位范围)",
        "单位存续期间,更换联系人即覆盖",
    ),
    PersonalData(
        "campaigns.Contact",
        ("name", "phone", "email"),
        "通知中的工作联系人",
        "活动的各承办单位;公开活动页面仅显示通知所列联系方式",
        "随活动存档备查",
    ),
    PersonalData(
        "households.Household",
        ("head_name", "head_id_cipher", "head_id_hash", "head_id_masked"),
        "建档立卡、监测帮扶(身份证号加密存储,页面遮蔽显示)",
        f"{SCOPED_STAFF};完整身份证号仅办公室管理员、资助专干,每次查看记入审计日志",
        "在册期间;出列后按扶贫档案规定保存",
    ),
    PersonalData(
        "households.Member",
        ("name", "sex", "birth_year", "schooling", "health"),
        "家庭情况、致贫原因分析",
        SCOPED_STAFF,
        "随所在户",
    ),
    PersonalData(
        "aid.Student",
        ("name", "id_cipher", "id_hash", "id_masked", "birth_date", "card_cipher", "card_masked"),
        "学生资助的认定与发放(身份证号、银行卡号加密存储)",
        "资助专干及办公室管理员(按单位范围);公示仅遮蔽的姓名、学校和金额,且只在公示期内",
        "资助档案按会计档案规定保存(原始凭证 30 年)",
    ),
    PersonalData(
        "aid.StudentEvidence",
        ("file", "name"),
        "资助资格的证明(低保证、残疾证、特困证明),私有存储",
        "有「查看完整身份信息」权限的资助专干及办公室管理员(按单位范围),每次打开记入审计日志",
        "随学生资助档案",
    ),
    PersonalData(
        "commendations.Nomination",
        ("name", "deeds"),
        "选树典型、表彰(只存姓名、单位和事迹,事迹中不得有电话、身份证号)",
        f"{SCOPED_STAFF};入选并公布后,姓名、单位和事迹在公开页面",
        "随活动存档备查",
    ),
    PersonalData(
        "volunteers.SignUp",
        ("name", "phone", "phone_verified_at"),
        "志愿服务报名(公众无需账号,凭手机验证码报名)、确认时长、出具时长证明",
        "组织单位及其上级的工作人员(按单位范围);用账号报名的本人,或代为报名(如教师为学生报名)的账号",
        "随活动存档备查;本人可要求 `fupin pipl erase-person` 删除姓名和电话(自行凭验证码报名的凭手机号码,"
        "用账号报名的(含教师代学生报名)凭手机号码和姓名),服务时长记录保留",
    ),
    PersonalData(
        "publicity.Handover",
        ("recipient",),
        "捐赠物资交接记录(接收人)",
        SCOPED_STAFF,
        "随活动存档备查",
    ),
    PersonalData(
        "aid.PaymentLine",
        ("name", "school_name", "id_cipher", "id_masked", "card_cipher", "card_masked"),
        "发放批次与银行文件",
        "资助专干、财务(按单位范围)",
        "会计档案,30 年",
    ),
    PersonalData(
        "pairing.Pairing",
        ("helper_name", "partner_name"),
        "学生结对",
        SCOPED_STAFF,
        "结对期间及随活动存档",
    ),
    PersonalData(
        "pairing.Visit",
        ("visitors", "living", "income", "schooling", "health", "latitude", "longitude"),
        "入户走访记录;位置仅在户主同意时记录",
        "帮扶责任人本人及其单位的上级(按单位范围)",
        "随结对帮扶档案保存",
    ),
    PersonalData(
        "matching.MicroWish",
        ("student_name",),
        "微心愿的对象;公开页面只显示遮蔽的姓氏,未成年人照片须监护人同意",
        "发布单位、审核单位;公众只见遮蔽的姓氏",
        "随活动存档",
    ),
    PersonalData(
        "matching.WishClaim",
        ("name", "phone"),
        "联系认领人、送达核实",
        "心愿所在村、学校及其上级;认领人本人(私人链接)",
        "认领结束后 6 个月,`fupin pipl purge` 删除手机号码;本人可要求 `fupin pipl erase-person`",
    ),
    PersonalData(
        "phones.PhoneCode",
        ("phone",),
        "公众认领微心愿、报名志愿服务前的短信验证",
        "页面上无人可见(验证码只存哈希)",
        "过期即无用;`fupin pipl purge` 删除",
    ),
    PersonalData(
        "donations.Donation",
        ("donor_name",),
        "捐赠记录、收据、公示(匿名者不公示)",
        "财务及办公室管理员(按单位范围);公示为遮蔽的姓名",
        "会计档案,30 年",
    ),
    PersonalData(
        "donations.Pledge",
        ("donor_name", "phone"),
        "认捐、到账核对、联系捐赠人",
        "募捐单位的财务;捐赠人本人(私人链接)",
        "处理结束后 6 个月,`fupin pipl purge` 删除手机号码;本人可要求 `fupin pipl erase-person`",
    ),
    PersonalData(
        "donations.Concern",
        ("contact",),
        "答复群众反映",
        "监督(纪检)角色;反映人本人(私人链接)",
        "答复后 6 个月,`fupin pipl purge` 删除联系方式",
    ),
    PersonalData(
        "donations.EnterpriseNomination",
        ("contact",),
        "推荐爱心企业时的企业联系人",
        "推荐单位及其上级(按单位范围)",
        "随活动存档",
    ),
    PersonalData(
        "donations.Disbursement",
        ("recipient",),
        "拨付对象(可为个人)",
        "财务及办公室管理员(按单位范围);公示按拨付公示规则",
        "会计档案,30 年",
    ),
    PersonalData(
        "donations.GoodsHandout",
        ("recipient",),
        "物资发放对象(可为个人)",
        "财务及办公室管理员(按单位范围)",
        "会计档案,30 年",
    ),
    PersonalData(
        "donations.DonationDrive",
        ("payee_name", "payee_bank", "payee_account"),
        "收款账户(单位账户)",
        "公开页面及工作人员",
        "随募捐活动存档",
    ),
    PersonalData(
        "publicity.EventSignIn",
        ("name",),
        "活动扫码签到人数统计",
        "活动所属单位(按单位范围)",
        "随活动存档",
    ),
    PersonalData(
        "audit.AuditEvent",
        ("actor_username", "ip", "changes"),
        "安全审计(等保 2.0);变更内容可含被修改的姓名、联系方式(身份证号只记遮蔽形式)",
        "办公室管理员、审计员(按单位范围)",
        "至少 6 个月;`fupin audit purge` 只删除更早的记录",
    ),
)


# Fields whose names look personal but hold no one's data: file names kept for downloads (stored under generated
# names), names of units, funds, programmes and tokens, kinds of donor, and the audit trail's object references.
NOT_PERSONAL = frozenset(
    {
        "audit.auditevent.target_id",
        "audit.auditevent.unit_name",
        "orgs.unit.name",
        "orgs.apitoken.name",
        "campaigns.submissionfile.original_name",
        "donations.fund.name",
        "donations.donation.donor_type",
        "donations.pledge.donor_type",
        "donations.disclosuretally.donor_type",
        "donations.disbursement.proof_name",
        "donations.boxopening.count_sheet_name",
        "donations.goodshandout.proof_name",
        "pairing.visitphoto.name",
        "matching.projectclaim.proof_name",
        "publicity.photo.name",
        "aid.aidprogram.name",
        "aid.fundingsource.name",
        "aid.banklayout.name",
        "commendations.nominationevidence.name",
        "matching.projectphoto.name",
    }
)


def missing_fields() -> list[str]:
    """`model.field` names in the map that the models do not have (a renamed field leaves the map stale)."""
    missing = []
    for entry in DATA_MAP:
        names = {f.name for f in apps.get_model(entry.model)._meta.get_fields()}
        missing += [f"{entry.model}.{name}" for name in entry.fields if name not in names]
    return missing


def markdown() -> str:
    """The map as the Markdown table of deploy/PIPL.md."""
    rows = [
        "| 数据 (model.field) | 用途 | 谁能看到 | 保存期限与删除 |",
        "|---|---|---|---|",
    ]
    for entry in DATA_MAP:
        fields = ", ".join(f"`{entry.model}.{name}`" for name in entry.fields)
        rows.append(f"| {fields} | {entry.purpose} | {entry.who_sees} | {entry.retention} |")
    return "\n".join(rows) + "\n"
