package io.github.netnsjunit.junit.internal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal: parses and checks raw declarations into a {@link TopologyModel}, collecting every problem (in
 * declaration order) instead of stopping at the first, so one run shows the user everything to fix.
 */
public final class TopologyValidator {

    /**
     * The outcome of a validation.
     *
     * @param model    the validated model; only meaningful when {@code problems} is empty
     * @param problems one line per problem, each naming the declaration, attribute and fix
     */
    public record Result(TopologyModel model, List<String> problems) {

        /** Copies the list. */
        public Result {
            problems = List.copyOf(problems);
        }

        /** True when there is no problem. */
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private TopologyValidator() {
    }

    /** Checks every declaration; never throws for a bad value. */
    public static Result validate(RawTopology raw) {
        ValidationContext context = new ValidationContext(new TopologyIndex(raw));
        NamespaceChecks namespaceChecks = new NamespaceChecks(context);
        LinkChecks linkChecks = new LinkChecks(context);
        RouteChecks routeChecks = new RouteChecks(context);
        NatChecks natChecks = new NatChecks(context);
        HostNameChecks hostNameChecks = new HostNameChecks(context, raw);
        ConditionChecks conditionChecks = new ConditionChecks(context);
        MacvlanChecks macvlanChecks = new MacvlanChecks(context, raw);
        VxlanChecks vxlanChecks = new VxlanChecks(context);
        PolicyRuleChecks policyRuleChecks = new PolicyRuleChecks(context);

        List<NamespaceSpec> namespaces = new ArrayList<>();
        List<VethSpec> veths = new ArrayList<>();
        List<BridgeSpec> bridges = new ArrayList<>();
        List<RouteSpec> routes = new ArrayList<>();
        List<MasqueradeSpec> masquerades = new ArrayList<>();
        List<PortForwardSpec> portForwards = new ArrayList<>();
        List<HostEntrySpec> hostEntries = new ArrayList<>();
        List<LinkConditionsSpec> conditions = new ArrayList<>();
        List<MacvlanSpec> macvlans = new ArrayList<>();
        List<VxlanSpec> vxlans = new ArrayList<>();
        List<PolicyRuleSpec> rules = new ArrayList<>();
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Namespace n) {
                NamespaceSpec spec = namespaceChecks.check(n);
                List<String> hostnames = hostNameChecks.check(n);
                addIfValid(namespaces, spec == null || hostnames == null ? null : withHostnames(spec, hostnames));
            } else if (d instanceof Declaration.Veth v) {
                addIfValid(veths, linkChecks.check(v));
            } else if (d instanceof Declaration.Bridge b) {
                addIfValid(bridges, linkChecks.check(b));
            } else if (d instanceof Declaration.Route r) {
                addIfValid(routes, routeChecks.check(r));
            } else if (d instanceof Declaration.Masquerade m) {
                addIfValid(masquerades, natChecks.check(m));
            } else if (d instanceof Declaration.PortForward p) {
                addIfValid(portForwards, natChecks.check(p));
            } else if (d instanceof Declaration.HostEntry h) {
                addIfValid(hostEntries, hostNameChecks.check(h));
            } else if (d instanceof Declaration.LinkConditions c) {
                addIfValid(conditions, conditionChecks.check(c));
            } else if (d instanceof Declaration.Macvlan m) {
                addIfValid(macvlans, macvlanChecks.check(m));
            } else if (d instanceof Declaration.Vxlan x) {
                addIfValid(vxlans, vxlanChecks.check(x));
            } else if (d instanceof Declaration.PolicyRule p) {
                addIfValid(rules, policyRuleChecks.check(p));
            }
        }
        ConditionPeers.resolveArriving(conditions, conditionChecks.arriving(), veths, context);
        ConditionPeers.refuseHostPeers(conditions, veths, context);
        List<String> problems = context.problems();
        TopologyModel model = problems.isEmpty()
                ? new TopologyModel(namespaces, veths, bridges, routes, masquerades, portForwards, hostEntries,
                        conditions, macvlans, vxlans, rules)
                : TopologyModel.EMPTY;
        return new Result(model, problems);
    }

    private static NamespaceSpec withHostnames(NamespaceSpec spec, List<String> hostnames) {
        return hostnames.isEmpty() ? spec
                : new NamespaceSpec(spec.name(), spec.loopback(), spec.sysctls(), hostnames, spec.origin());
    }

    private static <T> void addIfValid(List<T> specs, T spec) {
        if (spec != null) {
            specs.add(spec);
        }
    }
}
