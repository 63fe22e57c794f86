"""Finding a TTF that renders Vietnamese for signature appearances.

Nghị định 30 asks for Times New Roman; Liberation Serif is metric-compatible with it and free, DejaVu Serif
is the fallback. Both carry every precomposed Vietnamese letter. The file is looked up at run time (an
explicit setting first, then fontconfig, then the usual Debian paths) and a missing font is an error, never a
silent fallback to a PDF base font that would drop the diacritics.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from signing.errors import FontNotFoundError

FONT_FAMILIES = ("Liberation Serif", "DejaVu Serif")
DEBIAN_FONT_PATHS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
# Letters the appearance text must be able to show; a font lacking one of them is refused.
VIETNAMESE_SAMPLE = "ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def _fontconfig_match(family: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        result = subprocess.run(
            [fc_match, "--format=%{file}", f"{family}:style=Regular"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(result.stdout.strip())
    # fc-match always answers something; accept it only when it really is the family asked for.
    if result.returncode == 0 and path.suffix.lower() == ".ttf" and family.split()[0] in path.name:
        return path
    return None


def _covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap()
    except Exception:
        return False
    return all(ord(char) in cmap for char in VIETNAMESE_SAMPLE)


@lru_cache(maxsize=8)
def find_font(override: str | None = None) -> Path:
    """Path of a serif TTF with Vietnamese glyphs; ``override`` (a file path) wins when given."""
    if override:
        path = Path(override)
        if path.is_file() and _covers_vietnamese(path):
            return path
        raise FontNotFoundError(
            "Phông chữ được cấu hình không tồn tại hoặc không hỗ trợ tiếng Việt.", detail=str(override)
        )
    candidates = [_fontconfig_match(family) for family in FONT_FAMILIES]
    candidates.extend(Path(p) for p in DEBIAN_FONT_PATHS)
    for candidate in candidates:
        if candidate is not None and candidate.is_file() and _covers_vietnamese(candidate):
            return candidate
    raise FontNotFoundError(detail="cài gói fonts-liberation2 hoặc fonts-dejavu-core")
