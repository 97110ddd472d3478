"""Maps the top-level folders into the ``toolgym`` namespace (design.md §1).

``envs/``, ``synth/``, ``exporters/`` and ``rl/`` live at the top of the repository, as our users asked,
but import as ``toolgym.envs``, ``toolgym.synth``, ``toolgym.exporters`` and ``toolgym.rl``. Package discovery
with a remapped root is not expressible in pyproject.toml alone, so it is computed here.
"""

from setuptools import find_packages, setup

ROOTS = {"toolgym": "toolgym", "toolgym.envs": "envs", "toolgym.synth": "synth", "toolgym.exporters": "exporters",
         "toolgym.rl": "rl"}

packages, package_dir = [], {}
for name, folder in ROOTS.items():
    packages.append(name)
    package_dir[name] = folder
    for sub in find_packages(folder):
        packages.append(f"{name}.{sub}")
        package_dir[f"{name}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(packages=packages, package_dir=package_dir)
