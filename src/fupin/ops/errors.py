"""The one error the backup and restore commands raise: its message, in Chinese, says what is wrong and where."""


class BackupError(Exception):
    pass
