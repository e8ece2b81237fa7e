"""LLM architectures as data: one TOML file per model under parts_db/models/.

Loaded and validated like parts (same TOML reader, same per-file/per-field problems, raised
together as a CatalogError). Each file carries the model's own config.json numbers and the
URLs they were read from. ``Architecture.shape`` derives, once, what the memory and speed
arithmetic needs: where the parameters sit (embeddings, lm_head, routed experts, the rest) and
what one cached token costs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from configurator import paths
from configurator.estimate.formats import WEIGHT_FORMATS
from configurator.parts import snapshot
from configurator.parts.catalog import left_out_id, user_parts_dir
from configurator.parts.loading import (
    CatalogError,
    Problem,
    WebAddress,
    read_toml,
    toml_files,
    validate_record,
)

ModelId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", max_length=80)]
# Parts of a model a quantized checkpoint can leave in 16-bit.
Module = Literal["attention", "linear_attention", "shared_experts", "dense_layers", "router"]

BILLION = 1e9


class Architecture(BaseModel):
    """A transformer's shape as its config.json gives it. Parameter counts in billions."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: ModelId
    name: str = Field(min_length=1)
    total_params_b: float = Field(gt=0, le=5000, description="language model, as loaded")
    active_params_b: float = Field(gt=0, le=5000, description="per token, model card figure")
    vision_params_b: float = Field(default=0, ge=0, le=100, description="loaded, not decoded")
    layers: int = Field(ge=1, le=1000)
    hidden_size: int = Field(ge=64, le=65536)
    attention_heads: int = Field(ge=1, le=1024)
    kv_heads: int = Field(ge=1, le=1024)
    head_dim: int = Field(ge=16, le=1024)
    intermediate_size: int = Field(ge=0, le=262144, description="dense MLP width")
    vocab_size: int = Field(ge=256, le=1_000_000)
    max_context_tokens: int = Field(ge=512, le=16_777_216)
    tie_word_embeddings: bool = False
    attention: Literal["gqa", "mla"] = "gqa"
    kv_lora_rank: int = Field(default=0, ge=0, le=8192, description="MLA latent width")
    qk_rope_head_dim: int = Field(default=0, ge=0, le=1024, description="MLA decoupled RoPE")
    experts: int = Field(default=0, ge=0, le=1024, description="routed experts per MoE layer")
    active_experts: int = Field(default=0, ge=0, le=64)
    shared_experts: int = Field(default=0, ge=0, le=16)
    moe_intermediate_size: int = Field(default=0, ge=0, le=65536)
    dense_layers: int = Field(default=0, ge=0, le=1000, description="leading dense layers in a MoE")
    sliding_window_tokens: int = Field(default=0, ge=0, le=10_000_000)
    sliding_window_layers: int = Field(default=0, ge=0, le=1000)
    shared_expert_intermediate_size: int = Field(default=0, ge=0, le=65536,
                                                 description="0: same as moe_intermediate_size")
    linear_attention_layers: int = Field(default=0, ge=0, le=1000,
                                         description="layers with a fixed-size recurrent state, no KV cache")
    linear_state_elements: int = Field(default=0, ge=0, le=100_000_000,
                                       description="state one sequence keeps per linear-attention layer")
    mtp_layers: int = Field(default=0, ge=0, le=8, description="multi-token-prediction heads (num_nextn_predict_layers)")
    native_format: str = "bf16"
    unquantized: dict[str, list[Module]] = Field(
        default_factory=dict, description="per weight format, the modules its public checkpoints keep 16-bit")
    sources: list[WebAddress] = Field(min_length=1)
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Architecture:
        if self.active_params_b > self.total_params_b:
            raise ValueError("active_params_b is larger than total_params_b")
        if self.experts:
            if not 1 <= self.active_experts <= self.experts:
                raise ValueError("active_experts must be between 1 and experts")
            if self.moe_intermediate_size <= 0:
                raise ValueError("a MoE model needs moe_intermediate_size")
            if self.dense_layers >= self.layers:
                raise ValueError("dense_layers must be fewer than layers")
        elif self.active_experts or self.shared_experts or self.moe_intermediate_size:
            raise ValueError("expert fields are set but experts is 0")
        if self.attention == "mla" and self.kv_lora_rank <= 0:
            raise ValueError("MLA attention needs kv_lora_rank")
        if self.sliding_window_layers + self.linear_attention_layers > self.layers:
            raise ValueError("sliding-window and linear-attention layers exceed layers")
        if bool(self.linear_attention_layers) != bool(self.linear_state_elements):
            raise ValueError("give both linear_attention_layers and linear_state_elements, or neither")
        if bool(self.sliding_window_layers) != bool(self.sliding_window_tokens):
            raise ValueError("give both sliding_window_tokens and sliding_window_layers, or neither")
        unknown = sorted(set(self.unquantized) - set(WEIGHT_FORMATS))
        if unknown:
            raise ValueError(f"unquantized: unknown weight format '{unknown[0]}'")
        if self.shape.core_params <= 0:
            raise ValueError(
                "total_params_b is smaller than the experts and embeddings the shape implies"
            )
        return self

    @cached_property
    def shape(self) -> ModelShape:
        return ModelShape.of(self)

    @property
    def is_moe(self) -> bool:
        return self.experts > 0


@dataclass(frozen=True, slots=True)
class ModelShape:
    """Parameter placement and per-token cache cost, in parameters and elements."""

    embedding_params: float
    lm_head_params: float  # read every decode step even when tied to the embeddings
    stored_lm_head_params: float  # 0 when tied
    routed_params: float  # all routed experts, all MoE layers
    expert_params: float  # one routed expert in one layer
    moe_layers: int
    core_params: float  # attention, dense MLPs, shared experts, router, norms
    module_params: dict[str, float]  # the core's parts a checkpoint may keep 16-bit
    vision_params: float
    kv_elements_per_layer: int  # cached elements per token per layer
    attention_width: int  # heads × (qk + v) dims: decode attention FLOPs per cached token / 2

    @classmethod
    def of(cls, arch: Architecture) -> ModelShape:
        embedding = float(arch.vocab_size * arch.hidden_size)
        stored_head = 0.0 if arch.tie_word_embeddings else embedding
        moe_layers = arch.layers - arch.dense_layers if arch.experts else 0
        expert = 3.0 * arch.hidden_size * arch.moe_intermediate_size
        routed = expert * arch.experts * moe_layers
        core = arch.total_params_b * BILLION - routed - embedding - stored_head
        dense_count = arch.dense_layers if arch.experts else arch.layers
        shared_width = arch.shared_expert_intermediate_size or arch.moe_intermediate_size
        modules = {
            "dense_layers": 3.0 * arch.hidden_size * arch.intermediate_size * dense_count,
            "shared_experts": 3.0 * arch.hidden_size * shared_width * arch.shared_experts * moe_layers,
            "router": float(arch.hidden_size * arch.experts * moe_layers),
        }
        full_layers = arch.layers - arch.linear_attention_layers
        rest = max(0.0, core - sum(modules.values()))
        if arch.linear_attention_layers:
            # q (with its output gate), k, v, o of the full-attention layers; the rest of the
            # attention parameters belong to the linear-attention layers
            gqa = arch.hidden_size * arch.head_dim * (3 * arch.attention_heads + 2 * arch.kv_heads)
            modules["attention"] = min(rest, float(gqa * full_layers))
            modules["linear_attention"] = rest - modules["attention"]
        else:
            modules["attention"] = rest
            modules["linear_attention"] = 0.0
        if arch.attention == "mla":
            kv_elements = arch.kv_lora_rank + arch.qk_rope_head_dim
            width = arch.attention_heads * (kv_elements + arch.kv_lora_rank)
        else:
            kv_elements = 2 * arch.kv_heads * arch.head_dim
            width = arch.attention_heads * 2 * arch.head_dim
        return cls(
            embedding_params=embedding,
            lm_head_params=embedding,
            stored_lm_head_params=stored_head,
            routed_params=routed,
            expert_params=expert,
            moe_layers=moe_layers,
            core_params=core,
            module_params=modules,
            vision_params=arch.vision_params_b * BILLION,
            kv_elements_per_layer=kv_elements,
            attention_width=width,
        )


def kv_tokens_cached(arch: Architecture, context: float) -> float:
    """Layer-tokens held for one sequence at ``context``: sliding-window layers cap at the window,
    linear-attention layers hold none (their state is fixed, see ``state_bytes_per_sequence``)."""
    sliding = arch.sliding_window_layers
    full = arch.layers - sliding - arch.linear_attention_layers
    if not sliding:
        return full * context
    return full * context + sliding * min(context, arch.sliding_window_tokens)


def kv_bytes_per_sequence(arch: Architecture, context: float, kv_bytes: float) -> float:
    return (kv_tokens_cached(arch, context) * arch.shape.kv_elements_per_layer * kv_bytes
            + state_bytes_per_sequence(arch))


STATE_BYTES = 2.0  # vLLM keeps linear-attention (Mamba-style) state in the model's 16-bit dtype


def state_bytes_per_sequence(arch: Architecture) -> float:
    """Fixed-size recurrent state of the linear-attention layers, whatever the context."""
    return arch.linear_attention_layers * arch.linear_state_elements * STATE_BYTES


def load_architectures(root: Path | None = None) -> dict[str, Architecture]:
    """Every architecture under ``root``/models. By default the bundled parts_db's models and
    the store's own (``<user data>/parts/models``, one TOML per model, same fields), which
    add to or correct the bundled ones and survive an update. A bad file under ``root`` or in
    the bundled models raises CatalogError; a bad file of the store's own is left out
    (``user_model_problems`` says which and why)."""
    if root:
        return dict(_strict(Path(root).resolve()))
    models = dict(_strict(_bundled_root()))
    user_models, _ = _user_models()
    models.update(user_models)
    return models


def user_model_problems() -> list[Problem]:
    """The store's model files that were left out, with the reason."""
    return list(_user_models()[1])


def _user_models() -> tuple[tuple[tuple[str, Architecture], ...], tuple[Problem, ...]]:
    return load_user_models(user_parts_dir())


def load_user_models(user_root: Path) -> tuple[tuple[tuple[str, Architecture], ...], tuple[Problem, ...]]:
    """The models in a user's parts folder (``user_root``/models) and the problems of the files
    left out, named by full path."""
    try:
        if not (user_root / "models").is_dir():
            return (), ()
    except OSError:
        return (), ()
    found, problems = _load(user_root.resolve())
    return found, tuple(replace(p, file=str(user_root.parent / p.file)) for p in problems)


@cache
def _bundled_root() -> Path:
    # Resolved once: the estimator looks models up on every estimate.
    return paths.parts_db_dir().resolve()


def _strict(root: Path) -> tuple[tuple[str, Architecture], ...]:
    found, problems = _load(root)
    if problems:
        raise CatalogError(problems)
    return found


@cache
def _load(root: Path) -> tuple[tuple[tuple[str, Architecture], ...], tuple[Problem, ...]]:
    folder = root / "models"
    if not folder.is_dir():
        raise CatalogError([Problem(str(folder), "", "", "model folder not found")])
    if root != _bundled_root():
        return _load_files(root, folder)
    key = snapshot.fingerprint(root, toml_files(folder), __file__)
    if (cached := snapshot.read("models", root, key, tuple)) is not None:
        return cached
    loaded = _load_files(root, folder)
    if not loaded[1]:
        snapshot.write("models", root, key, loaded)
    return loaded


def _load_files(root: Path, folder: Path) -> tuple[tuple[tuple[str, Architecture], ...], tuple[Problem, ...]]:
    problems: list[Problem] = []
    found: dict[str, Architecture] = {}
    files: dict[str, str] = {}
    for path in toml_files(folder):
        data, problem = read_toml(path, root)
        if problem:
            problems.append(problem)
            continue
        rel = str(path.relative_to(root.parent))
        arch, errs = validate_record(Architecture, data, rel)
        problems.extend(errs)
        if arch is None:
            continue
        if arch.id in found:
            problems.append(Problem(rel, arch.id, "id", f"duplicate id, also defined in {files[arch.id]}"))
            continue
        found[arch.id] = arch
        files[arch.id] = rel
    return tuple(sorted(found.items())), tuple(problems)


def get_architecture(model_id: str, root: Path | None = None) -> Architecture:
    models = load_architectures(root)
    try:
        return models[model_id]
    except KeyError:
        pass
    left_out = [str(p) for p in ([] if root else user_model_problems())
                if left_out_id(p) == model_id]
    if left_out:
        raise ValueError(f"model '{model_id}' is left out: {'; '.join(left_out)}")
    raise ValueError(f"unknown model '{model_id}' (known: {', '.join(models)})")


def custom_architecture(**fields: object) -> Architecture:
    """An architecture entered by hand (same fields and checks as a TOML file)."""
    data = {"id": "custom", "name": "Custom model", "sources": ["https://huggingface.co/"], **fields}
    arch, problems = validate_record(Architecture, data, "custom architecture")
    if arch is None:
        raise ValueError("; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems))
    return arch
