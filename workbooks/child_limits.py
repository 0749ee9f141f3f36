"""What reading one workbook in its child process may take (workbooks/isolated.py): apart, so that the app's settings
take the default from here without loading the reader."""

DEFAULT_MEMORY_MB = 512  # address space the read may add; resident memory stays well below (`make bench`)
SECONDS = 120  # a 20,000-line workbook takes a few seconds
