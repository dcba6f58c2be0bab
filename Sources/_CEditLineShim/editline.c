// See include/pcx_editline.h. libedit's variadic el_set/history calls live here.
#include "pcx_editline.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <histedit.h>

struct pcx_editor {
  EditLine *el;
  History *history;
  char *prompt;
  pcx_complete_fn complete;
  void *context;
  int interrupted;
  mbstate_t mb;
};

static int sigint_pipe[2] = {-1, -1};

static void on_sigint(int sig) {
  (void)sig;
  int saved = errno;
  char byte = 1;
  // async-signal-safe: only write(2) on a non-blocking pipe
  ssize_t ignored = write(sigint_pipe[1], &byte, 1);
  (void)ignored;
  errno = saved;
}

int pcx_sigint_install(void) {
  if (sigint_pipe[0] < 0) {
    if (pipe(sigint_pipe) != 0) return -1;
    for (int i = 0; i < 2; i++) {
      fcntl(sigint_pipe[i], F_SETFL, fcntl(sigint_pipe[i], F_GETFL) | O_NONBLOCK);
      fcntl(sigint_pipe[i], F_SETFD, FD_CLOEXEC);
    }
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
  sigaction(SIGINT, &action, NULL);
  return sigint_pipe[0];
}

int pcx_sigint_drain(void) {
  if (sigint_pipe[0] < 0) return 0;
  char buffer[64];
  int total = 0;
  ssize_t n;
  while ((n = read(sigint_pipe[0], buffer, sizeof buffer)) > 0) total += (int)n;
  return total;
}

static char *prompt_fn(EditLine *el) {
  pcx_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  return editor && editor->prompt ? editor->prompt : "";
}

// Reads one character, waking on Ctrl-C as well as on input: a Ctrl-C ends el_gets with -1.
static int getc_fn(EditLine *el, wchar_t *out) {
  pcx_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  for (;;) {
    struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {sigint_pipe[0], POLLIN, 0}};
    int n = poll(fds, sigint_pipe[0] >= 0 ? 2 : 1, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (sigint_pipe[0] >= 0 && (fds[1].revents & POLLIN)) {
      pcx_sigint_drain();
      editor->interrupted = 1;
      return -1;
    }
    char byte;
    ssize_t got = read(STDIN_FILENO, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return got == 0 ? 0 : -1;
    wchar_t wc;
    size_t r = mbrtowc(&wc, &byte, 1, &editor->mb);
    if (r == (size_t)-2) continue;  // an incomplete UTF-8 sequence: read more
    if (r == (size_t)-1) {
      memset(&editor->mb, 0, sizeof editor->mb);
      wc = (unsigned char)byte;
    }
    *out = wc;
    return 1;
  }
}

static unsigned char complete_fn(EditLine *el, int ch) {
  (void)ch;
  pcx_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  if (!editor || !editor->complete) return CC_ERROR;
  const LineInfo *info = el_line(el);
  size_t length = (size_t)(info->cursor - info->buffer);
  char *before = malloc(length + 1);
  if (!before) return CC_ERROR;
  memcpy(before, info->buffer, length);
  before[length] = 0;
  int result = editor->complete(editor->context, editor, before);
  free(before);
  return result == 1 ? CC_REFRESH : result == 2 ? CC_REDISPLAY : CC_ERROR;
}

pcx_editor *pcx_editor_open(const char *program) {
  pcx_editor *editor = calloc(1, sizeof *editor);
  if (!editor) return NULL;
  editor->el = el_init(program, stdin, stdout, stderr);
  editor->history = history_init();
  if (!editor->el || !editor->history) {
    pcx_editor_close(editor);
    return NULL;
  }
  HistEvent event;
  history(editor->history, &event, H_SETSIZE, 1000);
  history(editor->history, &event, H_SETUNIQUE, 1);
  el_set(editor->el, EL_CLIENTDATA, editor);
  el_set(editor->el, EL_EDITOR, "emacs");
  el_set(editor->el, EL_PROMPT, prompt_fn);
  el_set(editor->el, EL_HIST, history, editor->history);
  el_set(editor->el, EL_GETCFN, getc_fn);
  el_set(editor->el, EL_ADDFN, "pcx-complete", "complete a name, argument, path or command", complete_fn);
  el_set(editor->el, EL_BIND, "^I", "pcx-complete", NULL);
  el_source(editor->el, NULL);  // the user's ~/.editrc, if any
  return editor;
}

void pcx_editor_close(pcx_editor *editor) {
  if (!editor) return;
  if (editor->el) el_end(editor->el);
  if (editor->history) history_end(editor->history);
  free(editor->prompt);
  free(editor);
}

void pcx_editor_set_prompt(pcx_editor *editor, const char *prompt) {
  free(editor->prompt);
  editor->prompt = strdup(prompt);
}

void pcx_editor_set_completer(pcx_editor *editor, pcx_complete_fn fn, void *context) {
  editor->complete = fn;
  editor->context = context;
}

// Empties the edit buffer (after Ctrl-C) so the next read starts on a blank line.
static void clear_line(EditLine *el) {
  const LineInfo *info = el_line(el);
  int after = (int)(info->lastchar - info->cursor);
  if (after > 0) el_cursor(el, after);
  info = el_line(el);
  int all = (int)(info->cursor - info->buffer);
  if (all > 0) el_deletestr(el, all);
}

int pcx_editor_read(pcx_editor *editor, const char **line) {
  int count = 0;
  editor->interrupted = 0;
  const char *text = el_gets(editor->el, &count);
  if (editor->interrupted) {
    clear_line(editor->el);
    el_reset(editor->el);
    return -1;
  }
  if (!text || count <= 0) return 0;
  *line = text;
  return 1;
}

int pcx_editor_insert(pcx_editor *editor, const char *text) { return el_insertstr(editor->el, text); }

void pcx_editor_history_add(pcx_editor *editor, const char *entry) {
  HistEvent event;
  history(editor->history, &event, H_ENTER, entry);
}
