"""Click callbacks that turn what a user typed into stored values through ``armswatch.lookup``.

An unknown value is a usage error (exit 2) that names the option and the nearest known values,
never an empty answer.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from armswatch.lookup import (
    UnknownValue,
    resolve_category,
    resolve_event_type,
    resolve_modality,
    resolve_party,
    resolve_status,
    resolve_weapon,
)


def _callback(resolve: Callable[[str], str]):
    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            return resolve(value)
        except UnknownValue as e:
            raise click.BadParameter(str(e), ctx=ctx, param=param) from None
    return convert


party_value = _callback(resolve_party)
event_type_value = _callback(resolve_event_type)
modality_value = _callback(resolve_modality)
category_value = _callback(resolve_category)
status_value = _callback(resolve_status)
weapon_value = _callback(resolve_weapon)
