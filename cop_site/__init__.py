"""cop-site: a community of practice's Markdown, made into a site that asks who isn't here."""

__version__ = "0.1.0"
