"""After the Hyper-V role is installed, the hypervisor runs on the hardware beneath everything.

The former host operating system now runs in the parent partition, with the virtualization
stack in its user mode (VMMS, which hosts the Hyper-V WMI provider, and one worker process,
VMWP, for each running virtual machine) and kernel mode (VID, WinHv, VSPs, VMBus, beside the
device drivers and the Windows kernel). Child partitions run beside it. Only the parent
reaches the devices, through its own drivers. The VID manages the partitions through the
hypervisor's hypercall interface, by way of WinHv, the library that lets the parent's drivers
call the hypervisor. Simplified: one box stands for all child partitions; the guests' own
components are in the figures of the guests. Sources:
[Hyper-V architecture][hyper-v-architecture] and, for the VID's call to WinHv,
[the figure that page showed until 2025][hyper-v-architecture-diagram];
[Msvm_VirtualSystemManagementService class][msvm-virtualsystemmanagementservice].
"""

from style import (component, figure, flow, hardware, hypervisor, kernel_mode, legend, partition,
                   process, row, stack, user_mode)

with figure("Windows Server 2008 after the Hyper-V role is installed"):
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            vmwp = component("VMWP\n(one per running VM)", "vmwp")
            with process("VMMS", "vmms", id="vmms"):
                wmi = component("WMI provider", "wmi-provider")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
            winhv = component("WinHv", "winhv")
            vsp = component("VSPs", "vsp")
            vmbus = component("VMBus", "vmbus")
            kernel = component("Windows kernel", "windows-kernel")
            drivers = component("Device drivers", "device-driver")
    with partition("Child partitions", id="children"):
        with user_mode(id="child-user"):
            apps = component("Applications", "application")
        with kernel_mode(id="child-kernel"):
            guest = component("Guest OS kernel", "guest-os")
    duties = hypervisor()
    devices = hardware()

    stack(
        row(vmwp, wmi, apps),
        row(vid, winhv, vsp, vmbus, kernel, drivers, guest),
        row(duties.hypercalls, duties.scheduling, duties.interrupts, duties.translation),
        row(*devices),
    )
    legend("management", "hypercall", "hardware_access", under=devices)

    flow("management", vid, winhv)
    flow("hypercall", winhv, duties.hypercalls)
    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
