# TorchScript4J's own TorchScript source for torch.nn.utils.rnn as PyTorch 1.13.1's torch.jit.script
# compiles it: PackedSequence (to TorchScript a NamedTuple, __torch__.torch.nn.utils.rnn.PackedSequence,
# of data, batch_sizes, sorted_indices, unsorted_indices) and the functions that make and undo it.
# Signatures and messages are the reference's; the bodies are written for TorchScript4J on the
# operators the reference reaches (aten::_pack_padded_sequence, aten::_pad_packed_sequence,
# aten::pad_sequence). PackedSequence's Python methods (to, cuda, is_cuda, ...) are not here: the
# reference cannot call them from TorchScript either.
import torch
from torch import Tensor
from typing import List, NamedTuple, Optional, Tuple, Union


class PackedSequence(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Optional[Tensor]
    unsorted_indices: Optional[Tensor]


def invert_permutation(permutation: Optional[Tensor]) -> Optional[Tensor]:
    if permutation is None:
        return None
    # inverse[permutation[i]] = i
    inverse = torch.empty_like(permutation, memory_format=torch.contiguous_format)
    inverse.scatter_(0, permutation, torch.arange(0, permutation.numel(), device=permutation.device))
    return inverse


def _packed_sequence_init(data: Tensor, batch_sizes: Optional[Tensor] = None,
                          sorted_indices: Optional[Tensor] = None,
                          unsorted_indices: Optional[Tensor] = None) -> PackedSequence:
    if unsorted_indices is None:
        unsorted_indices = invert_permutation(sorted_indices)
    assert batch_sizes is not None
    if batch_sizes.device.type != "cpu":
        raise ValueError(
            "batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. "
            "They should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. "
            "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
    return PackedSequence(data, batch_sizes, sorted_indices, unsorted_indices)


def pack_padded_sequence(input: Tensor, lengths: Tensor, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    lengths = torch.as_tensor(lengths, dtype=torch.int64)
    sorted_indices: Optional[Tensor] = None
    if not enforce_sorted:
        # longest first, as the packing operator requires; the order is kept to undo it
        lengths, order = torch.sort(lengths, descending=True)
        order = order.to(input.device)
        input = input.index_select(0 if batch_first else 1, order)
        sorted_indices = order
    data, batch_sizes = torch.ops.aten._pack_padded_sequence(input, lengths, batch_first)
    return _packed_sequence_init(data, batch_sizes, sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: Optional[int] = None) -> Tuple[Tensor, Tensor]:
    max_seq_length = sequence.batch_sizes.size(0)
    if total_length is not None:
        if total_length < max_seq_length:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             "but got total_length={} and max sequence length being {}".format(
                                 total_length, max_seq_length))
        max_seq_length = total_length
    padded, lengths = torch.ops.aten._pad_packed_sequence(sequence.data, sequence.batch_sizes, batch_first,
                                                          padding_value, max_seq_length)
    unsorted_indices = sequence.unsorted_indices
    if unsorted_indices is None:
        return padded, lengths
    # back to the caller's order of sequences
    return padded.index_select(0 if batch_first else 1, unsorted_indices), lengths[unsorted_indices.cpu()]


def pad_sequence(sequences: Union[Tensor, List[Tensor]], batch_first: bool = False,
                 padding_value: float = 0.0) -> Tensor:
    if isinstance(sequences, Tensor):
        tensors = sequences.unbind(0)
    else:
        tensors = sequences
    return torch.ops.aten.pad_sequence(tensors, batch_first, padding_value)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor, batch_first: bool = False) -> List[Tensor]:
    unpadded: List[Tensor] = []
    if not batch_first:
        padded_sequences.transpose_(0, 1)  # in place, as the reference does
    positions = torch.arange(padded_sequences.shape[1])
    for seq, length in zip(padded_sequences, lengths):
        unpadded.append(seq[positions < length])
    return unpadded


def pack_sequence(sequences: List[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    lengths = torch.as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> List[Tensor]:
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
