"""Small lookups the form templates need (a bound field by name, a draft file by name)."""

from django import template

register = template.Library()


@register.filter
def bound(form, name):
    return form[name]


@register.filter
def has_key(mapping, key):
    return key in (mapping or {})


@register.filter
def get_key(mapping, key):
    return (mapping or {}).get(key)
