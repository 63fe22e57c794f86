"""Văn bản đến: registration in the sổ đến, assignment, handling, completion, recall and the inbox views."""

from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus, HandlingNote, NoteKind

__all__ = ["Assignment", "AssignmentRole", "AssignmentStatus", "HandlingNote", "NoteKind"]
