# The eOffice application image: API (`eoffice serve`), Celery worker (`eoffice worker`) and beat
# (`celery -A eoffice.tasks.app beat`) all run from it; compose.yaml chooses the command.

# The web application (frontend/dist), served by the API at /.
FROM node:20-bookworm-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# DOCX -> PDF (LibreOffice), OCR with Vietnamese data (Tesseract; Ghostscript, qpdf, pngquant and unpaper for
# OCRmyPDF), text and signature checks (poppler), and the fonts official documents are set in.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui \
      tesseract-ocr tesseract-ocr-vie \
      ghostscript qpdf pngquant unpaper \
      poppler-utils \
      fonts-liberation2 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --create-home --home-dir /home/eoffice eoffice \
 && mkdir -p /var/lib/eoffice \
 && chown eoffice: /var/lib/eoffice

WORKDIR /app
COPY pyproject.toml README.md ./
COPY eoffice ./eoffice
COPY signing ./signing
COPY search ./search
COPY storage ./storage
RUN pip install .
COPY --from=frontend /frontend/dist ./frontend/dist

USER eoffice
ENV HOME=/home/eoffice \
    EOFFICE_DATA_DIR=/var/lib/eoffice \
    EOFFICE_FRONTEND_DIR=/app/frontend/dist
VOLUME ["/var/lib/eoffice"]
EXPOSE 8000
CMD ["eoffice", "serve", "--host", "0.0.0.0", "--port", "8000"]
