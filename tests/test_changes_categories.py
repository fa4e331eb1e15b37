"""A change's category is a property of its parameter: general ML words in the name decide, not a log's."""

from __future__ import annotations

import pytest
from table_tests import table_test

from nrr_spec.changes import categorise, category_of_parameter, parse_description
from nrr_spec.changes.categories import PRECEDENCE, TERMS, WORDS, words_of
from nrr_spec.model.vocabulary import ChangeCategory, values

test_the_parameters_ml_libraries_name_are_placed_by_their_words = table_test(
    category_of_parameter,
    [
        # Hugging Face TrainingArguments
        ("learning_rate", "learning_rate"),
        ("lr_scheduler_type", "lr_schedule"),
        ("warmup_steps", "lr_schedule"),
        ("per_device_train_batch_size", "batch_size"),
        ("gradient_accumulation_steps", "batch_size"),
        ("num_train_epochs", "training_length"),
        ("max_steps", "training_length"),
        ("weight_decay", "regularization"),
        ("max_grad_norm", "regularization"),
        ("label_smoothing_factor", "regularization"),
        ("adam_beta2", "optimizer"),
        ("adam_epsilon", "optimizer"),
        ("bf16", "precision"),
        ("torch_compile", "systems"),
        ("fullgraph", "systems"),  # torch.compile(fullgraph=True)
        ("dataloader_num_workers", "systems"),
        ("gradient_checkpointing", "systems"),
        ("eval_steps", "evaluation"),
        # nanoGPT's train.py
        ("n_layer", "architecture"),
        ("n_head", "architecture"),
        ("n_embd", "architecture"),
        ("block_size", "data"),
        ("dropout", "regularization"),
        ("min_lr", "lr_schedule"),
        ("decay_lr", "lr_schedule"),
        ("lr_decay_iters", "lr_schedule"),
        ("grad_clip", "regularization"),
        ("max_iters", "training_length"),
        ("dtype", "precision"),
        # gradient boosting and image models
        ("n_estimators", "architecture"),
        ("max_depth", "architecture"),
        ("num_leaves", "architecture"),
        ("reg_lambda", "regularization"),
        ("min_child_weight", "regularization"),  # XGBoost
        ("min_samples_leaf", "regularization"),  # scikit-learn trees
        ("min_data_in_leaf", "regularization"),  # LightGBM
        # a count per optimiser step or per device is a batch, not a length of training
        ("prompts_per_step", "batch_size"),
        ("per_gpu_train_batch_size", "batch_size"),
        ("tokens_per_step", "batch_size"),
        # the unit of a rate does not name the parameter's kind
        ("per_iteration_vec_allocs", "systems"),
        ("lr_per_layer", "learning_rate"),
        ("drop_path_rate", "regularization"),
        ("mixup_alpha", "data"),
        ("init_std", "initialization"),
        ("loss_fn", "loss"),
    ],
)


test_terms_and_the_more_specific_kind_decide = table_test(
    category_of_parameter,
    [
        ("weight_decay", "regularization"),  # not a decay schedule
        ("batch_norm", "architecture"),  # a layer, not a batch size
        ("embedding_lr", "learning_rate"),  # the learning rate of the embeddings
        ("lr_warmup", "lr_schedule"),  # a warmup of the learning rate is its schedule
        ("eval_batch_size", "batch_size"),
        ("attention_dtype", "precision"),
        ("batch16", "batch_size"),  # a word glued to a number
        ("fp16", "precision"),  # a word with a number in it
    ],
)


@pytest.mark.parametrize("parameter", ["initial_capital", "pinball", "volume", "dimensionless_x", "", "frobnication_factor"])
def test_words_are_whole_words_not_substrings(parameter: str) -> None:
    assert category_of_parameter(parameter) is None


def test_a_name_is_split_into_words_numbers_apart_unless_the_word_is_known() -> None:
    assert words_of("TOTAL_BATCH_SIZE") == ["total", "batch", "size"]
    assert words_of("batch16") == ["batch", "16"]
    assert words_of("adam_beta2") == ["adam", "beta2"]


def test_one_category_for_the_changes_of_a_row() -> None:
    lr = {"parameter": "matrix_lr", "to": "0.05"}
    assert categorise([lr]) == "learning_rate"
    assert categorise([lr, {"parameter": "depth", "to": "8"}]) == "multiple"
    assert categorise([{"parameter": "nonlinearity", "to": "GELU"}]) == "architecture"  # the value names the choice
    assert categorise([{"parameter": "frobnication"}]) == "other"
    assert categorise([]) == "other"


def test_a_proposal_gets_the_category_of_its_parameter_whatever_else_it_says() -> None:
    assert parse_description("increase warmup to 0.1 to stabilise the loss")[1] == "lr_schedule"
    assert parse_description("halve the dropout (the model overfits)")[1] == "regularization"


def test_the_taxonomy_names_only_the_standards_categories() -> None:
    known = set(values(ChangeCategory))
    assert set(WORDS) | set(TERMS.values()) | set(PRECEDENCE) <= known
    assert set(PRECEDENCE) == set(WORDS)
    assert not {"baseline", "multiple", "other"} & set(PRECEDENCE)
