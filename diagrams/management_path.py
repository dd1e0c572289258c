"""How a management request travels, from a management tool down to the hypervisor.

1: a management tool, local or remote, calls the Hyper-V WMI providers. 2: the providers
pass the request to the Virtual Machine Management Service (VMMS). 3: VMMS acts on the
virtual machine through its worker process (VMWP). 4: the VMWP calls the Virtualization
Infrastructure Driver (VID) in the parent's kernel. 5: the VID manages the partition through
the hypervisor's hypercall interface. Simplified: one VMWP is drawn; VMMS starts one for
each running virtual machine.
"""

from style import (above, component, figure, flow, hypervisor, kernel_mode, legend, partition, row,
                   stack, user_mode)

with figure("How a management request reaches the hypervisor"):
    client = component("Management tool\n(Hyper-V Manager, PowerShell;\nlocal or remote)", "management-client")
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            vmwp = component("VMWP", "vmwp")
            vmms = component("VMMS", "vmms")
            wmi = component("WMI providers", "wmi-provider")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
    duties = hypervisor()

    stack(
        row(vmwp, vmms, wmi),
        row(vid),
        row(*duties),
    )
    above(client, wmi)
    legend("management", "hypercall", under=duties)

    flow("management", client, wmi, "1")
    flow("management", wmi, vmms, "2")
    flow("management", vmms, vmwp, "3")
    flow("management", vmwp, vid, "4")
    flow("hypercall", vid, duties.hypercalls, "5")
