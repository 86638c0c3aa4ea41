// A consumer of netns-junit on the module path (compiled and run by ModulePathIT).
module demo.consumer {
    requires io.github.netnsjunit.junit;
    requires org.junit.platform.launcher;
    uses org.junit.platform.launcher.LauncherSessionListener;
}
