"""Reading what people type: answers to a step's question, settings values, bursts split
into sentences. Forgiving on form, strict on meaning."""
