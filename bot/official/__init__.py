"""The official-sources pipeline (`make update-sources`): fetch the State's open-data packages at
the versions pinned in manifest.yml, extract only what the manifest lists, write small snapshots
into bot/knowledge/data/official/, and report every cited section whose text changed, was
abrogated or disappeared. A maintainer tool: the assistant itself only reads the snapshots."""
