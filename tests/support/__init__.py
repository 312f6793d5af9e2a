"""Helpers the tests share: workbooks, papers and payloads written the way their users make them."""
