from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.ingest import decode_report, read_report


def test_utf8_with_bom_is_read_without_it(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\n\nBody text.\n")
    source = read_report(path)
    assert source.text == "Title\n\nBody text.\n"
    assert source.file_name == "r.txt"
    assert len(source.sha256) == 64


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n\n ", "whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"Caf\xe9 au lait\n", "not UTF-8"),
    (b"\xff\xfeT\x00i\x00", "UTF-16"),
    (b"ok\x07bell\n", "control character"),
])
def test_bad_bytes_are_refused_with_the_reason(data, words):
    with pytest.raises(InputError) as error:
        decode_report(data, "data/raw/bad.txt")
    assert words in str(error.value)
    assert str(error.value).startswith("data/raw/bad.txt")


def test_not_utf8_error_gives_line_and_column():
    with pytest.raises(InputError) as error:
        decode_report(b"first line\nsecond caf\xe9\n", "x.txt")
    assert str(error.value).startswith("x.txt:2:11: not UTF-8")


def test_missing_file_and_folder_are_input_errors(tmp_path: Path):
    with pytest.raises(InputError, match="cannot be read"):
        read_report(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="folder"):
        read_report(tmp_path)


@pytest.mark.parametrize("data", [
    b"first line\nsecond caf\xe9\n", b"first line\r\nsecond caf\xe9\r\n", b"first line\rsecond caf\xe9\r",
])
def test_error_positions_count_every_kind_of_line_end(data):
    with pytest.raises(InputError) as error:
        decode_report(data, "x.txt")
    assert str(error.value).startswith("x.txt:2:11: not UTF-8")


def test_a_control_character_is_found_with_its_position():
    with pytest.raises(InputError) as error:
        decode_report(b"one\rtwo\rthr\x07ee\r", "x.txt")
    assert str(error.value).startswith("x.txt:3:4: binary data (control character U+0007)")
