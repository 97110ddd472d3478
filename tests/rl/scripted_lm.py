"""A scripted causal LM: a real ``transformers`` model whose next token follows a script.

It stands in for a policy model inside a trainer's own loop (TRL's GRPOTrainer: its generation,
its tool-call parsing, its tool execution, its loss). For each conversation it finds the last
user message, looks up the script for it (the raw texts the assistant writes in that turn, one
per assistant message), counts the assistant messages already written after that user message,
and puts all probability on the next token of the current scripted text (then the end-of-turn
token). The layout is a standard causal LM (a backbone giving hidden states, a linear LM head:
TRL computes log-probabilities from the two), the head trainable, so the trainer's backward pass
and optimizer step run.
"""

from __future__ import annotations

from typing import Any

import torch
from transformers import GenerationMixin, PretrainedConfig, PreTrainedModel
from transformers.modeling_outputs import BaseModelOutputWithPast, CausalLMOutputWithPast


class ScriptedConfig(PretrainedConfig):
    model_type = "toolgym_scripted"

    def __init__(self, vocab_size: int = 300, max_position_embeddings: int = 1 << 16, **kw: Any):
        self.vocab_size = vocab_size
        self.max_position_embeddings = max_position_embeddings
        self.hidden_size = vocab_size  # the backbone's hidden state is the scripted token, one-hot
        super().__init__(**kw)


class ScriptedBackbone(torch.nn.Module):
    """Hidden states: at the last position, a one-hot of the scripted next token (scaled); zeros elsewhere."""

    def __init__(self, lm: "ScriptedLM"):
        super().__init__()
        self._lm = [lm]  # not a submodule (no cycle)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None, keep: int = 0,
                **kw: Any) -> BaseModelOutputWithPast:
        lm = self._lm[0]
        b, n = input_ids.shape
        hidden = torch.zeros(b, keep or n, lm.config.vocab_size)  # generation keeps only the last position
        for i in range(b):
            row = input_ids[i]
            if attention_mask is not None:
                row = row[attention_mask[i].bool()]
            hidden[i, -1, lm._next_id(row)] = 1e4
        return BaseModelOutputWithPast(last_hidden_state=hidden)


class ScriptedLM(PreTrainedModel, GenerationMixin):
    config_class = ScriptedConfig
    main_input_name = "input_ids"
    base_model_prefix = "model"
    _supports_cache_class = False

    def __init__(self, config: ScriptedConfig, tokenizer: Any = None, scripts: dict[str, list[str]] | None = None):
        super().__init__(config)
        self.model = ScriptedBackbone(self)
        self.lm_head = torch.nn.Linear(config.vocab_size, config.vocab_size, bias=True)
        with torch.no_grad():
            self.lm_head.weight.copy_(torch.eye(config.vocab_size))
            self.lm_head.bias.zero_()
        self.tok = tokenizer
        self.scripts = scripts or {}
        self.user_header = "<|im_start|>user\n"
        self.assistant_header = "<|im_start|>assistant\n"
        self.end = "<|im_end|>"
        self.post_init()

    def get_input_embeddings(self) -> Any:  # the trainer asks; there are none
        return None

    def get_output_embeddings(self) -> Any:
        return self.lm_head

    def _init_weights(self, module: Any) -> None:  # the head is set in __init__ (identity)
        pass

    def _next_id(self, row: torch.Tensor) -> int:
        """The scripted next token after ``row`` (token ids); only the last turn's text is decoded."""
        tok = self.tok
        end_id = tok.convert_tokens_to_ids(self.end)
        starts = torch.nonzero(row == tok.convert_tokens_to_ids("<|im_start|>")).flatten().tolist()
        ids = row.tolist()
        blocks = [(p, tok.decode(ids[p: (starts[k + 1] if k + 1 < len(starts) else len(ids))], skip_special_tokens=False))
                  for k, p in enumerate(starts[-64:], start=max(0, len(starts) - 64))]
        if not blocks or not blocks[-1][1].startswith(self.assistant_header):
            return end_id
        # the user turn: the last user block that is not a tool result (Qwen puts results in user blocks)
        users = [k for k, (_, t) in enumerate(blocks) if t.startswith(self.user_header)
                 and not t[len(self.user_header):].startswith("<tool_response>")]
        if not users:
            return end_id
        u = users[-1]
        user = blocks[u][1][len(self.user_header):].split(self.end, 1)[0]
        script = self.scripts.get(user)
        if script is None:
            return end_id
        k = sum(1 for _, t in blocks[u:] if t.startswith(self.assistant_header)) - 1
        done = blocks[-1][1][len(self.assistant_header):]
        target = (script[k] if k < len(script) else "") + self.end
        want = tok.encode(target, add_special_tokens=False)
        have = tok.encode(done, add_special_tokens=False) if done else []
        return want[len(have)] if len(have) < len(want) else end_id

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None, keep: int = 0,
                **kw: Any) -> BaseModelOutputWithPast:
        lm = self._lm[0]
        b, n = input_ids.shape
        hidden = torch.zeros(b, keep or n, lm.config.vocab_size)  # generation keeps only the last position
        for i in range(b):
            row = input_ids[i]
            if attention_mask is not None:
                row = row[attention_mask[i].bool()]
            hidden[i, -1, lm._next_id(row)] = 1e4
        return BaseModelOutputWithPast(last_hidden_state=hidden)


class ScriptedLM(PreTrainedModel, GenerationMixin):
    config_class = ScriptedConfig
    main_input_name = "input_ids"
    base_model_prefix = "model"
    _supports_cache_class = False

    def __init__(self, config: ScriptedConfig, tokenizer: Any = None, scripts: dict[str, list[str]] | None = None):
        super().__init__(config)
        self.model = ScriptedBackbone(self)
        self.lm_head = torch.nn.Linear(config.vocab_size, config.vocab_size, bias=True)
        with torch.no_grad():
            self.lm_head.weight.copy_(torch.eye(config.vocab_size))
            self.lm_head.bias.zero_()
        self.tok = tokenizer
        self.scripts = scripts or {}
        self.user_header = "<|im_start|>user\n"
        self.assistant_header = "<|im_start|>assistant\n"
        self.end = "<|im_end|>"
        self.post_init()

    def get_input_embeddings(self) -> Any:  # the trainer asks; there are none
        return None

    def get_output_embeddings(self) -> Any:
        return self.lm_head

    def _init_weights(self, module: Any) -> None:  # the head is set in __init__ (identity)
        pass

    def _next_id(self, ids: list[int]) -> int:
        text = self.tok.decode(ids, skip_special_tokens=False)
        u = text.rfind(self.user_header)
        while u > 0 and text.startswith("<tool_response>", u + len(self.user_header)):  # Qwen puts results in user blocks
            u = text.rfind(self.user_header, 0, u)
        user = text[u + len(self.user_header):].split(self.end, 1)[0]
        script = self.scripts.get(user)
        a = text.rfind(self.assistant_header)
        if script is None or a < u:
            return self.tok.convert_tokens_to_ids(self.end)
        k = text.count(self.assistant_header, u) - 1
        done = text[a + len(self.assistant_header):]
        target = (script[k] if k < len(script) else "") + self.end
        want = self.tok.encode(target, add_special_tokens=False)
        have = self.tok.encode(done, add_special_tokens=False) if done else []
        return want[len(have)] if len(have) < len(want) else self.tok.convert_tokens_to_ids(self.end)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None, logits_to_keep: int = 0,
                **kw: Any) -> CausalLMOutputWithPast:
        hidden = self.model(input_ids, attention_mask, keep=logits_to_keep).last_hidden_state
        return CausalLMOutputWithPast(logits=self.lm_head(hidden))

    def prepare_inputs_for_generation(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None, **kw: Any) -> dict:
        # generation reads the last position's logits only
        return {"input_ids": input_ids, "attention_mask": attention_mask, "logits_to_keep": 1}
