start 20:13:56
