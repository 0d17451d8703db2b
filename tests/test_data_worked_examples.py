"""lossbook.data.worked_examples: the worked example's data file (package data) and its loader
(sections 3, 4 and 8)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lossbook.data import worked_examples as we


def test_cat_car_frog_matches_the_outline_table():
    scores, y, class_names = we.load_cat_car_frog()
    # the outline prints one COLUMN per image; the loader returns one ROW per image
    outline = np.array([[3.2, 1.3, 2.2],
                        [5.1, 4.9, 2.5],
                        [-1.7, 2.0, -3.1]])
    np.testing.assert_array_equal(scores, outline.T)
    assert scores.dtype == np.float64 and scores.shape == (3, 3)
    np.testing.assert_array_equal(y, [0, 1, 2])
    assert np.issubdtype(y.dtype, np.integer)
    assert class_names == ("cat", "car", "frog")


def test_the_table_travels_with_the_package(repo_root):
    """The CSV is package data, beside the module, and no longer in the top-level data/ folder."""
    import lossbook.data

    here = Path(lossbook.data.__file__).resolve().parent
    assert we.CAT_CAR_FROG_PATH == here / "cat_car_frog_scores.csv"
    assert we.CAT_CAR_FROG_PATH.is_file()
    assert not (repo_root / "data" / "cat_car_frog_scores.csv").exists()
    assert we.CAT_CAR_FROG_PATH.read_text(encoding="utf-8").startswith("image,correct_class,")


def test_image_names_and_fresh_copies():
    t = we.load_score_table(we.CAT_CAR_FROG_PATH)
    assert t.image_names == ("cat image", "car image", "frog image")
    a, _, _ = we.load_cat_car_frog()
    a[0, 0] = 99.0
    b, _, _ = we.load_cat_car_frog()
    assert b[0, 0] == 3.2


def test_svm_losses_by_hand():
    scores, y, _ = we.load_cat_car_frog()
    # hand loop over the hinge terms, Delta = 1
    per_image = [sum(max(0.0, s[j] - s[yi] + 1.0) for j in range(3) if j != yi)
                 for s, yi in zip(scores.tolist(), y.tolist())]
    np.testing.assert_allclose(per_image, [2.9, 0.0, 12.9], atol=1e-12)


def _write(tmp_path, text):
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text, match", [
    ("", "empty"),
    ("img,correct_class,a,b\nx,a,1,2\n", "header must start"),
    ("image,correct_class,a\nx,a,1\n", "at least two classes"),
    ("image,correct_class,a,a\nx,a,1,2\n", "distinct"),
    ("image,correct_class,a,b\n", "no images"),
    ("image,correct_class,a,b\nx,a,1\n", "line 2: expected 4 fields"),
    ("image,correct_class,a,b\nx,c,1,2\n", "correct_class 'c'"),
    ("image,correct_class,a,b\nx,a,1,zz\n", "b score 'zz' is not a number"),
    ("image,correct_class,a,b\nx,a,1,nan\n", "must be finite"),
    ("image,correct_class,a,b\nx,a,1,2\nx,b,3,4\n", "appears twice"),
    ("image,correct_class,a,b\n,a,1,2\n", "image name is empty"),
])
def test_malformed_files_are_rejected(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        we.load_score_table(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        we.load_cat_car_frog(tmp_path / "nope.csv")


def test_other_tables_load(tmp_path):
    p = _write(tmp_path, "image,correct_class,a,b,c\n\nx, b ,1,-2.5,3e1\n")
    scores, y, names = we.load_cat_car_frog(p)
    np.testing.assert_array_equal(scores, [[1.0, -2.5, 30.0]])
    np.testing.assert_array_equal(y, [1])
    assert names == ("a", "b", "c")


def test_as_text_prints_the_notes_layout():
    t = we.load_score_table(we.CAT_CAR_FROG_PATH)
    lines = t.as_text().splitlines()
    assert lines[0].split() == ["class", "cat", "image", "car", "image", "frog", "image"]
    assert lines[1].split() == ["cat", "3.2", "1.3", "2.2"]       # a ROW of the notes' table
    assert lines[3].split() == ["frog", "-1.7", "2.0", "-3.1"]
    assert lines[4].split() == ["correct", "cat", "car", "frog"]
