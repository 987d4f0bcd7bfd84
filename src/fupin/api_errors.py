"""Chinese messages for the REST API's 422 answers, naming the parameter or field and the reason."""

from typing import Any

PLACES = {
    "query": "查询参数",
    "path": "路径参数",
    "body": "请求体字段",
    "header": "请求头",
    "cookie": "Cookie",
    "form": "表单字段",
}


def _reason(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    reasons = {
        "missing": "必须填写",
        "int_parsing": "须为整数",
        "int_type": "须为整数",
        "int_from_float": "须为整数",
        "float_parsing": "须为数字",
        "bool_parsing": "须为 true 或 false",
        "string_type": "须为文字",
        "datetime_parsing": "须为日期时间(如 2026-10-17T15:00:00+08:00)",
        "datetime_from_date_parsing": "须为日期时间(如 2026-10-17T15:00:00+08:00)",
        "date_parsing": "须为日期(如 2026-10-17)",
        "date_from_datetime_parsing": "须为日期(如 2026-10-17)",
        "enum": "须为以下之一:{expected}",
        "literal_error": "须为以下之一:{expected}",
        "greater_than_equal": "不得小于 {ge}",
        "greater_than": "须大于 {gt}",
        "less_than_equal": "不得大于 {le}",
        "less_than": "须小于 {lt}",
        "string_too_long": "不得超过 {max_length} 个字",
        "string_too_short": "至少 {min_length} 个字",
        "json_invalid": "不是有效的 JSON",
        "model_attributes_type": "须为 JSON 对象",
        "dict_type": "须为 JSON 对象",
        "list_type": "须为列表",
        "extra_forbidden": "不是可接受的字段",
    }
    template = reasons.get(error.get("type", ""))
    if template is None:
        return f"无效({error.get('msg', '')})"
    return template.format(
        **{k: ctx.get(k, "") for k in ("expected", "ge", "gt", "le", "lt", "max_length", "min_length")}
    )


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each pydantic error as {loc, type, msg} with the message in Chinese: 「查询参数 limit:不得大于 500」."""
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        place = PLACES.get(loc[0], "") if loc else ""
        name = ".".join(p for p in loc[1:] if p not in {"payload"}) or (loc[0] if loc else "")
        details.append({"loc": loc, "type": error.get("type", ""), "msg": f"{place} {name}:{_reason(error)}".strip()})
    return details
