"""Media decoding that ingest and export share: type sniffing, thumbnails, camera names."""
