"""The wallboard's one-shot modes: --screenshot against the simulator (a PNG of
the asked size) and against a dead port or a broken feed (non-zero, with a
clear message), plus --version, --help and a bad option."""

import os

import harness
from harness import png_size, run_wallboard, write_config


class ScreenshotTest(harness.ProcTestCase):

    def screenshot(self, feed_url, size):
        out = os.path.join(self.tmp, "shot.png")
        rc, _, err = run_wallboard("--feed", feed_url, "--config", write_config(self.tmp),
                                   "--state-dir", self.state_dir, "--size", size,
                                   "--screenshot", out)
        return rc, err, out

    def test_screenshot_of_live_data(self):
        sim = self.feedsim()
        for width, height in ((1920, 1080), (800, 480)):
            with self.subTest(size=(width, height)):
                rc, err, out = self.screenshot(sim.url, "%dx%d" % (width, height))
                self.assertEqual(rc, 0, err)
                self.assertEqual(png_size(out), (width, height))
                os.remove(out)
        self.assertTrue(sim.feed_requests(), "the screenshot was taken without fetching")

    def test_screenshot_with_the_feed_down_fails_clearly(self):
        rc, err, out = self.screenshot(self.dead_url(), "1280x720")
        self.assertNotEqual(rc, 0)
        self.assertRegex(err, r"(?im)^wallboard: .*(connect|refused)")
        self.assertFalse(os.path.exists(out), "a PNG was written without data")

    def test_screenshot_of_a_malformed_feed_fails_clearly(self):
        sim = self.feedsim("--fault", "malformed")
        rc, err, out = self.screenshot(sim.url, "1280x720")
        self.assertNotEqual(rc, 0)
        self.assertRegex(err, r"(?im)^wallboard: .*(\$|json)")
        self.assertFalse(os.path.exists(out), "a PNG was written without data")


class CommandLineTest(harness.ProcTestCase):

    def test_version(self):
        rc, out, err = run_wallboard("--version")
        self.assertEqual(rc, 0, err)
        self.assertRegex(out + err, r"\b\d+\.\d+\.\d+\b")

    def test_help_lists_the_options(self):
        rc, out, err = run_wallboard("--help")
        self.assertEqual(rc, 0, err)
        for option in ("--feed", "--token", "--config", "--state-dir", "--size",
                       "--screenshot", "--now", "--windowed", "--version"):
            self.assertIn(option, out + err)

    def test_unknown_option_is_refused(self):
        rc, out, err = run_wallboard("--no-such-option")
        self.assertNotEqual(rc, 0)
        self.assertIn("--no-such-option", err)


if __name__ == "__main__":
    harness.main()
