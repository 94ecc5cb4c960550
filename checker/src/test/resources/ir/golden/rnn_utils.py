# torch.nn.utils.rnn: functions of the bundled library called as __torch__.torch.nn.utils.rnn.NAME
# with their defaults made explicit; PackedSequence is a NamedTuple whose fields read as
# prim::TupleIndex. Entry: round_trip
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pack_sequence, pad_sequence
from torch.nn.utils.rnn import unpack_sequence, unpad_sequence
from typing import List


@torch.jit.script
def round_trip(x: torch.Tensor, lengths: torch.Tensor, seqs: List[torch.Tensor]):
    packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
    padded, out_lengths = pad_packed_sequence(packed, total_length=5)
    batch_sizes = packed.batch_sizes
    stacked = pad_sequence(seqs, batch_first=True)
    unpacked = unpack_sequence(pack_sequence(seqs, False))
    rows = unpad_sequence(stacked, torch.tensor([len(s) for s in seqs]), True)
    return padded, out_lengths, batch_sizes, packed.unsorted_indices, stacked, unpacked, rows
