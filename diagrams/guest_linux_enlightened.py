"""The I/O path of a Linux guest with integration components, step by step.

1: an application's disk or network request reaches a VSC, such as storvsc or netvsc: the
Linux kernel's drivers for synthetic devices. 2: the VSC puts it on the guest's VMBus. 3:
VMBus carries it to the parent partition. 4: the parent's VMBus hands it to the matching
VSP. 5: the VSP passes it to the parent's device driver. 6: the driver works the physical
device. Simplified: VMBus carries the
messages in ring buffers, memory that the two partitions share, and each side signals the other
through the hypervisor's synthetic interrupt controller; those signals are not drawn. Sources:
[Hyper-V architecture][hyper-v-architecture]; [VMBus][kernel-vmbus];
[TLFS 6.0b, §11.1 "Overview" of inter-partition communication][tlfs-6.0b]; the article, for the
VSP handing the requests to the parent's drivers.
"""

from style import (above, component, figure, flow, hardware, hypervisor, kernel_mode, legend,
                   partition, row, stack, user_mode)

with figure("The I/O path of a Linux guest with integration components"):
    with partition("Linux guest\nwith ICs", icon="linux", id="guest"):
        with user_mode(id="guest-user"):
            apps = component("Applications", "application")
        with kernel_mode(id="guest-kernel"):
            vsc = component("VSCs\n(storvsc, netvsc)", "vsc")
            guest_vmbus = component("VMBus", "vmbus", id="guest-vmbus")
    with partition("Parent partition", icon="windows"):
        with kernel_mode(id="parent-kernel"):
            vsp = component("VSPs", "vsp")
            drivers = component("Device drivers", "device-driver")
            vmbus = component("VMBus", "vmbus")
    duties = hypervisor()
    devices = hardware()

    # The parent's VSPs and drivers stand at the top of its kernel mode, level with the guest's
    # applications: the driver's lines run straight down beside VMBus to the devices under it.
    stack(
        row(apps, vsp, drivers),
        row(vsc),
        row(guest_vmbus, vmbus),
        row(*duties),
        row(devices.processors, devices.memory, devices.network, devices.storage),
    )
    above(apps, vsc)
    above(vsp, vmbus)
    legend("io_request", "vmbus", "hardware_access", under=devices)

    flow("io_request", apps, vsc, "1")
    flow("vmbus", vsc, guest_vmbus, "2")
    flow("vmbus", guest_vmbus, vmbus, "3")
    flow("vmbus", vmbus, vsp, "4")
    flow("io_request", vsp, drivers, "5")
    flow("hardware_access", drivers, devices.storage, "6")
    flow("hardware_access", drivers, devices.network, "6")
