# credscore serve in a container: the scoring API and the review page on port 8000.
#
#   docker build -t credscore .
#   docker run --rm -p 127.0.0.1:8000:8000 credscore
#
# The server binds 0.0.0.0 inside the container so the published port reaches it. It has no
# authentication of its own: publish the port on 127.0.0.1 (as above) or behind a proxy that
# checks who is calling. Options go after the image name, e.g. `credscore serve --workers 2`.
FROM python:3.11-slim

WORKDIR /build
COPY pyproject.toml setup.py README.md ./
COPY src ./src
COPY models ./models
COPY data/sample ./data/sample
# `pip install .` copies the shipped model into the package (see setup.py).
RUN pip install --no-cache-dir ".[serve]" && rm -rf /build

WORKDIR /
USER nobody
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
ENTRYPOINT ["credscore"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
