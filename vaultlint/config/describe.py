"""Config validation errors in the config's terms: one line a problem, `file: key: what is wrong`."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from vaultlint.config.schema import ConfigModel, ConventionsModel

# pydantic's wording for a wrong type, in TOML's terms
TYPE_WORDS = {
    "model_type": "expected a table",
    "list_type": 'expected a list, such as ["a", "b"]',
    "tuple_type": "expected a list",
    "dict_type": "expected a table",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}


def describe(exc: ValidationError, where: str, option: bool = False) -> str:
    """One line per problem: `file: tool.vaultlint.key: what is wrong`."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            what = f'unknown option "{loc}"' if option else f"unknown key{_key_hint(err['loc'])}"
            lines.append(f"{where}: {what}" if option else f"{where}{loc}: {what}")
        else:
            sep = "." if option and loc else ""
            message = TYPE_WORDS.get(err["type"], str(err["msg"]).removeprefix("Value error, "))
            lines.append(f"{where}{sep}{loc}: {message}")
    return "\n".join(lines)


def _key_hint(loc: tuple[int | str, ...]) -> str:
    """A did-you-mean for a mistyped key, or how to write a `[tool.vaultlint]` table outside pyproject."""
    if loc == ("tool",):
        return " (outside pyproject.toml the keys stand at the top level: drop the [tool.vaultlint] prefix)"
    model: type[BaseModel] = ConventionsModel if "conventions" in loc[:-1] else ConfigModel
    known = [field.alias or name for name, field in model.model_fields.items()]
    near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return f' (did you mean "{near[0]}"?)' if near else ""
