// Non-variadic wrappers over libedit's el_set/el_get/history (Swift cannot call C variadics),
// plus a SIGINT self-pipe so Ctrl-C can interrupt el_gets and a running computation.
#ifndef PCX_EDITLINE_H
#define PCX_EDITLINE_H

/// An open line editor with its history.
typedef struct pcx_editor pcx_editor;

/// Tab completion: `before_cursor` is the line up to the cursor. Return 0 when nothing was
/// done (beep), 1 after inserting text, 2 after printing a list (the line is redrawn).
typedef int (*pcx_complete_fn)(void *context, pcx_editor *editor, const char *before_cursor);

/// Opens an editor on stdin/stdout; NULL when libedit cannot start.
pcx_editor *pcx_editor_open(const char *program);
/// Restores the terminal and frees the editor.
void pcx_editor_close(pcx_editor *editor);
/// Sets the prompt shown by the next read.
void pcx_editor_set_prompt(pcx_editor *editor, const char *prompt);
/// Installs the completion callback on the Tab key.
void pcx_editor_set_completer(pcx_editor *editor, pcx_complete_fn fn, void *context);
/// Reads one line. Returns 1 with `*line` set (owned by the editor, valid until the next
/// call), 0 at end of input (Ctrl-D), -1 when Ctrl-C interrupted the read (line cleared).
int pcx_editor_read(pcx_editor *editor, const char **line);
/// Inserts text at the cursor (from a completion callback).
int pcx_editor_insert(pcx_editor *editor, const char *text);
/// Adds an entry (may contain newlines) to the in-memory history.
void pcx_editor_history_add(pcx_editor *editor, const char *entry);

/// Installs the SIGINT handler (no SA_RESTART): each Ctrl-C writes one byte to a pipe.
/// Returns the pipe's read end, or -1.
int pcx_sigint_install(void);
/// Reads and discards pending Ctrl-C bytes; returns how many there were.
int pcx_sigint_drain(void);

#endif
