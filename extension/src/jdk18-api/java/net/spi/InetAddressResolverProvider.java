package java.net.spi;

/**
 * Build-time stand-in for the JDK 18 type of this name, so that a JDK 17 can compile META-INF/versions/18 (see
 * extension/pom.xml, profile resolver-on-jdk17). Never packaged: at run time only a JDK 18+ loads the versioned
 * classes, against its own java.base. Signatures as {@code javap} prints them for JDK 18..25.
 */
public abstract class InetAddressResolverProvider {
    /** Build-time stand-in. */
    protected InetAddressResolverProvider() {
    }

    /**
     * Build-time stand-in.
     *
     * @param configuration the JDK's configuration
     * @return the resolver
     */
    public abstract InetAddressResolver get(Configuration configuration);

    /**
     * Build-time stand-in.
     *
     * @return the provider's name
     */
    public abstract String name();

    /** Build-time stand-in (sealed in the JDK; callers only call it). */
    public interface Configuration {
        /**
         * Build-time stand-in.
         *
         * @return the JDK's built-in resolver
         */
        InetAddressResolver builtinResolver();

        /**
         * Build-time stand-in.
         *
         * @return the local host name
         */
        String lookupLocalHostName();
    }
}
