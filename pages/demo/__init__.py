"""The demo clinic site as data: YAML files in ``data/``, loaded by ``loader`` through
``manage.py load_demo_content``. See ``README.md`` here for the file format."""
