"""The board in a real X11 session without a GPU (Xvfb, as a kiosk PC or a
VM would give it): SDL's "accelerated" renderer there is OpenGL on Mesa's
llvmpipe, which costs several times the CPU and memory of SDL's own software
renderer. Without a GPU render node the board must not load OpenGL at all;
with one whose OpenGL still turns out to be llvmpipe it must drop it. Either
way it draws with the software renderer, says why in the log and in
/api/v1/status, and shows the board."""

import os
import re
import subprocess

import harness
from harness import FIRST_FRAME_RE, write_config
from test_api import Api

XVFB = os.environ.get("WB_XVFB", "")
SOFTWARE_GL = ("llvmpipe", "softpipe", "swrast", "Software Rasterizer")
AVOIDED_RE = r"^wallboard: display: x11, OpenGL here is (.+): drawing with SDL's software renderer$"
NO_GPU_RE = r"^wallboard: display: x11, no GPU render node \(.+/renderD\*\): drawing with SDL's software renderer$"


class X11Test(harness.ProcTestCase):

    def xvfb(self):
        """A private X server on a display number it picks itself (-displayfd),
        listening on its unix socket only."""
        if not XVFB or not os.access(XVFB, os.X_OK):
            raise AssertionError("Xvfb not found (WB_XVFB=%r): scripts/deps.sh --test installs xvfb" % XVFB)
        r, w = os.pipe()
        log = open(os.path.join(self.tmp, "xvfb.log"), "w+")
        self.addCleanup(log.close)
        proc = subprocess.Popen([XVFB, "-displayfd", str(w), "-screen", "0", "1280x720x24", "-nolisten", "tcp",
                                 "-noreset"], pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=log)
        os.close(w)
        self.addCleanup(lambda: (proc.terminate(), proc.wait(10)))
        with os.fdopen(r) as f:
            number = f.readline().strip()  # written once the server accepts clients (EOF if it died)
        if not number.isdigit():
            log.seek(0)
            raise AssertionError("Xvfb gave no display number:\n" + log.read(4000))
        return ":" + number

    def board(self, dri_dir):
        """The board on a fresh Xvfb, seeing dri_dir as /dev/dri."""
        display = self.xvfb()
        sim = self.feedsim()
        env = dict(harness.wallboard_env(), SDL_VIDEODRIVER="x11", DISPLAY=display, WALLBOARD_TEST_DRI_DIR=dri_dir)
        env.pop("SDL_RENDER_DRIVER", None)
        env.pop("SDL_FRAMEBUFFER_ACCELERATION", None)
        return self.wallboard(sim.url, config=write_config(self.tmp), env=env)

    def check_board_shown(self, wb):
        wb.wait_for(FIRST_FRAME_RE, start=0)
        api = Api(wb.wait_for(harness.Wallboard.API_RE, start=0).group(1))
        width, height, rows = api.screenshot()
        self.assertEqual((width, height), (1280, 720))
        colours = {row[x:x + 3] for row in rows[::8] for x in range(0, width * 3, 24)}
        self.assertGreater(len(colours), 20, "the screenshot looks blank")
        return api.status()["display"]

    def test_no_render_node_means_no_opengl_at_all(self):
        dri = os.path.join(self.tmp, "dri")
        os.mkdir(dri)  # a machine without a GPU: no renderD*
        wb = self.board(dri)
        wb.wait_for(NO_GPU_RE, start=0)
        shown = self.check_board_shown(wb)
        self.assertEqual((shown["driver"], shown["renderer"], shown["gl"]), ("x11", "software", None), shown)
        # Mesa and LLVM are never loaded: that is the memory saved.
        with open("/proc/%d/maps" % wb.proc.pid) as f:
            loaded = {line.split()[-1] for line in f if "/" in line}
        gl = sorted(p for p in loaded if re.search(r"/(libGL|libGLX|libEGL|libLLVM|[a-z0-9_]+_dri)[.-]", p))
        self.assertEqual(gl, [], "OpenGL was loaded although there is no GPU")

    def test_software_opengl_is_declined(self):
        dri = os.path.join(self.tmp, "dri")
        os.mkdir(dri)
        open(os.path.join(dri, "renderD128"), "w").close()  # a GPU, as far as the board can tell
        wb = self.board(dri)
        avoided = wb.wait_for(AVOIDED_RE, start=0)  # Xvfb has no GPU behind it: llvmpipe
        self.assertTrue(any(name in avoided.group(1) for name in SOFTWARE_GL), avoided.group(0))
        shown = self.check_board_shown(wb)
        self.assertEqual((shown["driver"], shown["renderer"]), ("x11", "software"), shown)
        self.assertEqual(shown["gl"], avoided.group(1))

    def test_offscreen_reports_its_renderer(self):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=write_config(self.tmp))
        api = Api(wb.wait_for(harness.Wallboard.API_RE, start=0).group(1))
        wb.wait_for(FIRST_FRAME_RE, start=0)
        shown = api.status()["display"]
        self.assertEqual((shown["driver"], shown["renderer"], shown["gl"]), ("offscreen", "software", None), shown)


if __name__ == "__main__":
    harness.main()
