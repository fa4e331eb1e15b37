"""A name from the code, as records name it: the words of snake_case, camelCase and PascalCase, with
acronyms kept whole (the parameter a diff names must be the one a person types)."""

from __future__ import annotations

from table_tests import table_test

from nrr_spec.changes.names import snake_case

test_a_code_name_snake_cases_by_its_words = table_test(
    snake_case,
    [
        ("TOTAL_BATCH_SIZE", "total_batch_size"),
        ("d_model", "d_model"),
        ("learningRate", "learning_rate"),
        ("optim.lr", "optim_lr"),
        ("GPTConfig", "gpt_config"),
        ("HTTPServer", "http_server"),
        ("QKNorm", "qk_norm"),
        ("useFusedKernel", "use_fused_kernel"),
        ("getX", "get_x"),
        # an acronym written in mixed case is one word
        ("TokenChoiceMoEForward", "token_choice_moe_forward"),
        ("MoE", "moe"),
        ("ReLUSquared", "relu_squared"),
        ("RoPE", "rope"),
        ("SwiGLU", "swiglu"),
        ("ReLU2", "relu2"),
        ("MoELayer", "moe_layer"),
        ("LoRAAdapter", "lora_adapter"),
        ("useQKNorm", "use_qk_norm"),
        ("nanoGPT", "nano_gpt"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("GELU", "gelu"),
        # the name of a method or model is one word, as a person's words name it (the description's
        # "LayerNorm" is layernorm), whatever pieces the code's capitals cut it into
        ("ResNet", "resnet"),
        ("ResNetBlock", "resnet_block"),
        ("ResNet50", "resnet50"),
        ("RMSNorm", "rmsnorm"),
        ("LayerNorm", "layernorm"),
        ("NorMuon", "normuon"),
        ("AdamW", "adamw"),
        # an acronym run after a mixed-case name splits where the name ends and a part's acronym begins
        ("SwiGLUMLP", "swiglu_mlp"),
        ("MoEMLP", "moe_mlp"),
        ("GELUMLP", "gelu_mlp"),
        ("RoPEQK", "rope_qk"),
        # other capitalised words stay two
        ("DeepSeekMoE", "deep_seek_moe"),
        ("PosEmb", "pos_emb"),
        # digits stay with their word
        ("conv2d", "conv2d"),
        ("BatchNorm2d", "batch_norm2d"),
        ("GPT2Config", "gpt2_config"),
        ("FP8Linear", "fp8_linear"),
        ("adam_beta2", "adam_beta2"),
        ("lr²", "lr²"),
    ],
)
