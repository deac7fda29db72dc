"""VK adapter: API client, Callback API endpoint and Bots Long Poll ingest."""
