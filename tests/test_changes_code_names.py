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
        ("DeepSeekMoE", "deep_seek_moe"),
        ("LoRAAdapter", "lora_adapter"),
        ("useQKNorm", "use_qk_norm"),
        ("nanoGPT", "nano_gpt"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("RMSNorm", "rms_norm"),
        ("GELU", "gelu"),
        # two capitalised words stay two
        ("LayerNorm", "layer_norm"),
        ("NorMuon", "nor_muon"),
        ("AdamW", "adam_w"),
        # digits stay with their word
        ("conv2d", "conv2d"),
        ("BatchNorm2d", "batch_norm2d"),
        ("GPT2Config", "gpt2_config"),
        ("FP8Linear", "fp8_linear"),
        ("adam_beta2", "adam_beta2"),
        ("lr²", "lr²"),
    ],
)
