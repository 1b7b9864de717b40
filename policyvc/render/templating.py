"""One Jinja2 environment for every template: packaged templates, overridable from the repository."""

from __future__ import annotations

from pathlib import Path

import jinja2

from policyvc.config import Config


def template_env(config: Config | None = None) -> jinja2.Environment:
    """Templates from `<repo>/<templates_dir>/` first, then the packaged `policyvc/render/templates/`.

    HTML, XML and Atom templates are autoescaped: policy text can never inject markup.
    """
    loaders: list[jinja2.BaseLoader] = []
    if config is not None:
        override = Path(config.root) / config.templates_dir
        if override.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders.append(jinja2.PackageLoader("policyvc", "render/templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "atom", "html.j2", "xml.j2", "atom.j2"),
            default_for_string=False,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
