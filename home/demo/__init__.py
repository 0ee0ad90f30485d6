"""Demo content of the reference deployment (Gmina Głogów Małopolski), built by ``manage.py seed_demo``.

Split by section so that each module stays readable: ``media`` (generated images and PDFs),
``pages``/``residents``/``services`` (content pages), ``news``/``news_data``, ``units``, ``office``
(accessibility statement and settings), ``accounts``; ``seed`` puts them together.
"""
