// libedit (BSD editline; Debian: libedit-dev, pkg-config `libedit`), not GNU readline.
#include <stdio.h>
#include <histedit.h>
