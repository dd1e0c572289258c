"""After the Hyper-V role is installed, the hypervisor runs on the hardware beneath everything.

The former host operating system now runs in the parent partition, with the virtualization
stack in its user mode (WMI providers, VMMS, one VMWP per virtual machine) and kernel mode
(VID, VSPs, VMBus, device drivers, Windows kernel). Child partitions run beside it. Only the
parent reaches the devices, through its own drivers. Simplified: one box stands for all child
partitions; the guests' own components are in the figures of the guests.
"""

from style import (component, figure, flow, hardware, hypervisor, kernel_mode, legend, partition,
                   row, stack, user_mode)

with figure("Windows Server 2008 after the Hyper-V role is installed"):
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            wmi = component("WMI providers", "wmi-provider")
            vmms = component("VMMS", "vmms")
            vmwp = component("VMWP\n(one per VM)", "vmwp")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
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
        row(wmi, vmms, vmwp, apps),
        row(vid, vsp, vmbus, kernel, drivers, guest),
        row(*duties),
        row(*devices),
    )
    legend("hardware_access", under=devices)

    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
