"""How a management request travels, from a management tool down to the hypervisor.

1: a management tool, local or remote, is a WMI client: it calls the WMI service. 2: the WMI
service passes the call to the Hyper-V WMI provider, which the Virtual Machine Management
Service (VMMS) hosts. 3: VMMS calls the Virtualization Infrastructure Driver (VID), in the
parent's kernel mode, which manages the partitions; the article puts it as the WMI providers
giving the interface for managing the hypervisor "by way of the VID". 4: the VID calls WinHv, the library
through which the parent's drivers call the hypervisor. 5: WinHv makes the hypercall. VMMS
also starts a worker process (VMWP) for each running virtual machine, and the VMWP calls the
VID too. Simplified: one VMWP is drawn. Sources: [WMI architecture][wmi-architecture];
[Msvm_VirtualSystemManagementService class][msvm-virtualsystemmanagementservice];
[Hyper-V architecture][hyper-v-architecture], its glossary and, for the calls
of VMMS and the VMWP to the VID and of the VID to WinHv,
[the figure that page showed until 2025][hyper-v-architecture-diagram].
"""

from style import (above, component, figure, flow, hypervisor, kernel_mode, legend, partition, process,
                   row, stack, user_mode)

with figure("How a management request reaches the hypervisor"):
    client = component("Management tool\n(a WMI client,\nlocal or remote)", "management-client")
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            vmwp = component("VMWP\n(one per running VM)", "vmwp")
            wmi = component("WMI service", "wmi")
            with process("VMMS", "vmms", id="vmms"):
                provider = component("Hyper-V\nWMI provider", "wmi-provider")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
            winhv = component("WinHv", "winhv")
    duties = hypervisor()

    stack(
        row(vmwp, wmi, provider),
        row(winhv, vid),
        row(duties.hypercalls, duties.scheduling, duties.interrupts, duties.translation),
    )
    above(client, wmi)
    legend("management", "hypercall", under=duties)

    flow("management", client, wmi, "1")
    flow("management", wmi, provider, "2")
    flow("management", provider, vid, "3")
    flow("management", vid, winhv, "4")
    flow("hypercall", winhv, duties.hypercalls, "5")
    flow("management", vmwp, vid)
