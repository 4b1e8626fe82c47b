"""Start, supervise and stop the assistant's processes (action server, Rasa server, web page)."""
